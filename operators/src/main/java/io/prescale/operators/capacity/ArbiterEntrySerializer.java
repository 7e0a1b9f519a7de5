package io.prescale.operators.capacity;

import io.prescale.operators.allocation.AllocationRequest;
import io.prescale.operators.allocation.AllocationRequestSerializer;
import io.prescale.operators.types.ImmutableRecordSerializer;
import java.io.IOException;
import java.time.Instant;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The arbiter's {@link ArbiterEntry}s in its map state: a byte of flags (which of request, interim
 * and since are present, and fresh), the requests present ({@link AllocationRequestSerializer}),
 * the grant, since (epoch seconds and nanos), the version, then the number of queued requests and
 * each with its round. On RocksDB every entry a round reads is deserialized, and Flink's record
 * serializer, which read the entries before, builds each request and entry by reflection with boxed
 * numbers.
 *
 * <p>Entries are immutable (their arrays are never written after construction), so copies, which
 * the heap backend makes while a checkpoint is written, are the entry itself.
 */
public final class ArbiterEntrySerializer extends ImmutableRecordSerializer<ArbiterEntry> {
    private static final long serialVersionUID = 1L;

    /** The one instance: the serializer has no configuration. */
    public static final ArbiterEntrySerializer INSTANCE = new ArbiterEntrySerializer();

    private static final int REQUEST = 1;
    private static final int INTERIM = 2;
    private static final int FRESH = 4;
    private static final int SINCE = 8;

    private static final AllocationRequestSerializer REQUESTS =
            AllocationRequestSerializer.INSTANCE;

    private ArbiterEntrySerializer() {}

    @Override
    public void serialize(ArbiterEntry e, DataOutputView out) throws IOException {
        out.writeByte(
                (e.request() != null ? REQUEST : 0)
                        | (e.interim() != null ? INTERIM : 0)
                        | (e.fresh() ? FRESH : 0)
                        | (e.since() != null ? SINCE : 0));
        if (e.request() != null) {
            REQUESTS.serialize(e.request(), out);
        }
        if (e.interim() != null) {
            REQUESTS.serialize(e.interim(), out);
        }
        out.writeDouble(e.granted());
        if (e.since() != null) {
            writeInstant(e.since(), out);
        }
        out.writeLong(e.version());
        out.writeInt(e.queued().length);
        for (int i = 0; i < e.queued().length; i++) {
            REQUESTS.serialize(e.queued()[i], out);
            out.writeLong(e.queuedRounds()[i]);
        }
    }

    @Override
    public ArbiterEntry deserialize(DataInputView in) throws IOException {
        int flags = in.readUnsignedByte();
        AllocationRequest request = (flags & REQUEST) != 0 ? REQUESTS.deserialize(in) : null;
        AllocationRequest interim = (flags & INTERIM) != 0 ? REQUESTS.deserialize(in) : null;
        double granted = in.readDouble();
        Instant since = (flags & SINCE) != 0 ? readInstant(in) : null;
        long version = in.readLong();
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("arbiter entry with " + n + " queued requests");
        }
        AllocationRequest[] queued = new AllocationRequest[n];
        long[] rounds = new long[n];
        for (int i = 0; i < n; i++) {
            queued[i] = REQUESTS.deserialize(in);
            rounds[i] = in.readLong();
        }
        return new ArbiterEntry(
                request, interim, (flags & FRESH) != 0, granted, since, version, queued, rounds);
    }

    @Override
    public TypeSerializerSnapshot<ArbiterEntry> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * One format. State written before this serializer, by Flink's record serializer of {@link
     * ArbiterEntry} (its snapshot a {@link PojoSerializerSnapshot}), is compatible after migration:
     * Flink reads it with that serializer and writes it with this one (the heap backend as it
     * restores, RocksDB by rewriting the state's entries when it is registered).
     */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ArbiterEntry> {
        public Snapshot() {
            super(() -> INSTANCE);
        }

        @Override
        public TypeSerializerSchemaCompatibility<ArbiterEntry> resolveSchemaCompatibility(
                TypeSerializerSnapshot<ArbiterEntry> old) {
            if (old instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(old);
        }
    }
}
