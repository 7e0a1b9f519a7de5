package io.prescale.operators.types;

import io.prescale.model.MetricPoint;
import io.prescale.model.RecordOrigin;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A {@link MetricPoint} field by field in the record's order: entity, tenant (or null), metric,
 * event time in epoch milliseconds, value, then the record it came in: topic, partition, offset.
 * Every accepted sample crosses the keyBy to its window this way (and, late, to the dead letters).
 * Flink's record serializer builds each point, and its origin as a second record, by reflection
 * through their constructors with boxed numbers: the origin made that about 45% dearer per point,
 * where written field by field the point with its origin costs what the point alone did. For stream
 * elements only, not state.
 */
public final class MetricPointSerializer extends ImmutableRecordSerializer<MetricPoint> {
    private static final long serialVersionUID = 1L;

    static final MetricPointSerializer INSTANCE = new MetricPointSerializer();

    private MetricPointSerializer() {}

    /** The type of a stream of points written by this serializer (chained consumers share them). */
    public static TypeInformation<MetricPoint> type() {
        return SerializedTypeInfo.of(MetricPoint.class, INSTANCE);
    }

    @Override
    public void serialize(MetricPoint p, DataOutputView out) throws IOException {
        StringSerializer.INSTANCE.serialize(p.entity(), out);
        StringSerializer.INSTANCE.serialize(p.tenant(), out);
        StringSerializer.INSTANCE.serialize(p.metric(), out);
        out.writeLong(p.timestampMillis());
        out.writeDouble(p.value());
        RecordOrigin o = p.origin();
        StringSerializer.INSTANCE.serialize(o.topic(), out);
        out.writeInt(o.partition());
        out.writeLong(o.offset());
    }

    @Override
    public MetricPoint deserialize(DataInputView in) throws IOException {
        return new MetricPoint(
                StringSerializer.INSTANCE.deserialize(in),
                StringSerializer.INSTANCE.deserialize(in),
                StringSerializer.INSTANCE.deserialize(in),
                in.readLong(),
                in.readDouble(),
                new RecordOrigin(
                        StringSerializer.INSTANCE.deserialize(in), in.readInt(), in.readLong()));
    }

    @Override
    public TypeSerializerSnapshot<MetricPoint> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Nothing to record: one format. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<MetricPoint> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
