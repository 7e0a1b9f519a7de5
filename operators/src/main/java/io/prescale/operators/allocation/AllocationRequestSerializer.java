package io.prescale.operators.allocation;

import io.prescale.operators.types.ImmutableRecordSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * An {@link AllocationRequest} field by field in the record's order (instants as epoch seconds and
 * nanos), for the requests on their way from the allocation operator to the capacity arbiter:
 * Flink's record serializer reads each field by reflection and boxes the numbers. The capacity
 * arbiter's entries keep their requests in this format too ({@code ArbiterEntrySerializer}), so it
 * is a state layout: a change of it needs a new version of that serializer's snapshot, which reads
 * the old one.
 */
public final class AllocationRequestSerializer
        extends ImmutableRecordSerializer<AllocationRequest> {
    private static final long serialVersionUID = 1L;

    /** The one instance: the serializer has no configuration. */
    public static final AllocationRequestSerializer INSTANCE = new AllocationRequestSerializer();

    private AllocationRequestSerializer() {}

    @Override
    public void serialize(AllocationRequest r, DataOutputView out) throws IOException {
        StringSerializer.INSTANCE.serialize(r.entity(), out);
        StringSerializer.INSTANCE.serialize(r.pool(), out);
        StringSerializer.INSTANCE.serialize(r.resource(), out);
        StringSerializer.INSTANCE.serialize(r.unit(), out);
        out.writeInt(r.tier());
        out.writeDouble(r.amount());
        out.writeDouble(r.speculative());
        out.writeDouble(r.floor());
        StringSerializer.INSTANCE.serialize(r.reason(), out);
        out.writeDouble(r.quantileLevel());
        out.writeInt(r.horizonSteps());
        out.writeDouble(r.confidence());
        writeInstant(r.issuedAt(), out);
        writeInstant(r.neededBy(), out);
        writeInstant(r.leaseExpiry(), out);
    }

    @Override
    public AllocationRequest deserialize(DataInputView in) throws IOException {
        return new AllocationRequest(
                StringSerializer.INSTANCE.deserialize(in),
                StringSerializer.INSTANCE.deserialize(in),
                StringSerializer.INSTANCE.deserialize(in),
                StringSerializer.INSTANCE.deserialize(in),
                in.readInt(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                StringSerializer.INSTANCE.deserialize(in),
                in.readDouble(),
                in.readInt(),
                in.readDouble(),
                readInstant(in),
                readInstant(in),
                readInstant(in));
    }

    @Override
    public TypeSerializerSnapshot<AllocationRequest> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Nothing to record: one format. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<AllocationRequest> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
