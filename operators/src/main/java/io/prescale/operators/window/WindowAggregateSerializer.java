package io.prescale.operators.window;

import io.prescale.model.WindowAggregate;
import io.prescale.operators.types.ImmutableRecordSerializer;
import io.prescale.operators.types.SerializedTypeInfo;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A {@link WindowAggregate} field by field in the record's order (start and end as epoch seconds
 * and nanos), for the windows on their way from the window operator to the forecast operator's task
 * and, inside an entity event, to the allocation operator. For stream elements only, not state.
 */
public final class WindowAggregateSerializer extends ImmutableRecordSerializer<WindowAggregate> {
    private static final long serialVersionUID = 1L;

    static final WindowAggregateSerializer INSTANCE = new WindowAggregateSerializer();

    private WindowAggregateSerializer() {}

    /**
     * The type of a stream of windows written by this serializer (chained consumers share them).
     */
    public static TypeInformation<WindowAggregate> type() {
        return SerializedTypeInfo.of(WindowAggregate.class, INSTANCE);
    }

    @Override
    public void serialize(WindowAggregate w, DataOutputView out) throws IOException {
        StringSerializer.INSTANCE.serialize(w.entity(), out);
        writeAfterEntity(w, out);
    }

    @Override
    public WindowAggregate deserialize(DataInputView in) throws IOException {
        return readAfterEntity(StringSerializer.INSTANCE.deserialize(in), in);
    }

    /** Every field but the entity, for a record that carries the entity already. */
    public static void writeAfterEntity(WindowAggregate w, DataOutputView out) throws IOException {
        StringSerializer.INSTANCE.serialize(w.metric(), out);
        writeInstant(w.windowStart(), out);
        writeInstant(w.windowEnd(), out);
        out.writeLong(w.count());
        out.writeDouble(w.mean());
        out.writeDouble(w.max());
        out.writeDouble(w.p95());
    }

    /** The window of {@code entity} that {@link #writeAfterEntity} wrote. */
    public static WindowAggregate readAfterEntity(String entity, DataInputView in)
            throws IOException {
        return new WindowAggregate(
                entity,
                StringSerializer.INSTANCE.deserialize(in),
                readInstant(in),
                readInstant(in),
                in.readLong(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble());
    }

    @Override
    public TypeSerializerSnapshot<WindowAggregate> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Nothing to record: one format. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<WindowAggregate> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
