package io.prescale.operators.allocation;

import io.prescale.model.Feedback;
import io.prescale.model.RawRecord;
import io.prescale.model.WindowAggregate;
import io.prescale.operators.feedback.ReceivedHint;
import io.prescale.operators.types.ImmutableRecordSerializer;
import io.prescale.operators.window.WindowAggregateSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * An {@link EntityEvent} field by field: the entity, a tag byte for the one part that is set, then
 * that part: a window (whether its entity is the event's, its entity otherwise, metric, start and
 * end as epoch seconds and nanos, count, mean, max, p95), a tenant, or a hint (entity, metric,
 * amount, from, to) and the record it came in (key and value, each a length, -1 for null, and its
 * bytes; topic, partition, offset, timestamp). Every window of the job goes to the allocation
 * operator this way, where Flink's record serializer read the nested records field by field by
 * reflection, with a null flag per field. For stream elements only, not state.
 */
public final class EntityEventSerializer extends ImmutableRecordSerializer<EntityEvent> {
    private static final long serialVersionUID = 1L;

    static final EntityEventSerializer INSTANCE = new EntityEventSerializer();

    private static final byte WINDOW = 0;
    private static final byte TENANT = 1;
    private static final byte HINT = 2;

    private EntityEventSerializer() {}

    @Override
    public void serialize(EntityEvent e, DataOutputView out) throws IOException {
        StringSerializer.INSTANCE.serialize(e.entity(), out);
        if (e.window() != null) {
            out.writeByte(WINDOW);
            writeWindow(e.entity(), e.window(), out);
        } else if (e.tenant() != null) {
            out.writeByte(TENANT);
            StringSerializer.INSTANCE.serialize(e.tenant(), out);
        } else {
            out.writeByte(HINT);
            Feedback.Hint h = e.hint().hint();
            StringSerializer.INSTANCE.serialize(h.entity(), out);
            StringSerializer.INSTANCE.serialize(h.metric(), out);
            out.writeDouble(h.amount());
            writeInstant(h.from(), out);
            writeInstant(h.to(), out);
            writeRaw(e.hint().raw(), out);
        }
    }

    private static void writeRaw(RawRecord r, DataOutputView out) throws IOException {
        writeBytes(r.key(), out);
        writeBytes(r.value(), out);
        StringSerializer.INSTANCE.serialize(r.topic(), out);
        out.writeInt(r.partition());
        out.writeLong(r.offset());
        out.writeLong(r.timestampMillis());
    }

    private static RawRecord readRaw(DataInputView in) throws IOException {
        return new RawRecord(
                readBytes(in),
                readBytes(in),
                StringSerializer.INSTANCE.deserialize(in),
                in.readInt(),
                in.readLong(),
                in.readLong());
    }

    private static void writeBytes(byte[] b, DataOutputView out) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    private static void writeWindow(String entity, WindowAggregate w, DataOutputView out)
            throws IOException {
        boolean same = w.entity().equals(entity);
        out.writeBoolean(same);
        if (!same) {
            StringSerializer.INSTANCE.serialize(w.entity(), out);
        }
        WindowAggregateSerializer.writeAfterEntity(w, out);
    }

    @Override
    public EntityEvent deserialize(DataInputView in) throws IOException {
        String entity = StringSerializer.INSTANCE.deserialize(in);
        byte tag = in.readByte();
        return switch (tag) {
            case WINDOW -> new EntityEvent(entity, readWindow(entity, in), null, null);
            case TENANT ->
                    new EntityEvent(entity, null, StringSerializer.INSTANCE.deserialize(in), null);
            case HINT -> new EntityEvent(entity, null, null, readHint(in));
            default -> throw new IOException("unknown entity event tag " + tag);
        };
    }

    private static ReceivedHint readHint(DataInputView in) throws IOException {
        Feedback.Hint h =
                new Feedback.Hint(
                        StringSerializer.INSTANCE.deserialize(in),
                        StringSerializer.INSTANCE.deserialize(in),
                        in.readDouble(),
                        readInstant(in),
                        readInstant(in));
        return new ReceivedHint(h, readRaw(in));
    }

    private static WindowAggregate readWindow(String entity, DataInputView in) throws IOException {
        String windowEntity = in.readBoolean() ? entity : StringSerializer.INSTANCE.deserialize(in);
        return WindowAggregateSerializer.readAfterEntity(windowEntity, in);
    }

    @Override
    public TypeSerializerSnapshot<EntityEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Nothing to record: one format. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EntityEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
