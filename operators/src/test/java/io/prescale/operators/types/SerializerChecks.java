package io.prescale.operators.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Checks of a hand-written serializer: round trips and its snapshot as a checkpoint keeps it. */
public final class SerializerChecks {
    private SerializerChecks() {}

    /**
     * Writes {@code values} one after the other and reads them back: equal to what was written, and
     * nothing left over.
     */
    public static <T> void assertRoundTrips(TypeSerializer<T> serializer, List<T> values)
            throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (T v : values) {
            serializer.serialize(v, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (T v : values) {
            assertThat(serializer.deserialize(in)).isEqualTo(v);
        }
        assertThat(in.available()).isZero();
    }

    /**
     * Writes {@code serializer}'s snapshot, reads it back, and checks that it restores the same
     * serializer and that the serializer is compatible with it as it is.
     */
    public static <T> void assertRestoresCompatible(TypeSerializer<T> serializer)
            throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<T> read =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        SerializerChecks.class.getClassLoader());
        assertThat(read.restoreSerializer()).isSameAs(serializer);
        assertThat(
                        serializer
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(read)
                                .isCompatibleAsIs())
                .isTrue();
    }
}
