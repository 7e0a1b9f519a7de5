package io.prescale.operators.capacity;

import static io.prescale.operators.capacity.ArbiterCheckpoints.CHECKPOINT_STEP;
import static io.prescale.operators.capacity.ArbiterCheckpoints.LAST_STEP;
import static io.prescale.operators.capacity.ArbiterCheckpoints.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.operators.allocation.AllocationRequest;
import io.prescale.operators.types.SerializerChecks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ArbiterEntrySerializer}: entries of every shape round-trip, and state written by Flink's
 * record serializer of the entries (before this one) restores, migrated to it.
 */
class ArbiterEntrySerializerTest {
    private static final Instant SINCE = Instant.parse("2017-01-01T00:10:00.000000123Z");

    @Test
    void entriesOfEveryShapeRoundTrip() throws Exception {
        AllocationRequest a = ArbiterHarness.decision("a", 1, 40, 3);
        AllocationRequest b = ArbiterHarness.request("a", 1, 20, 5, 3, 3);
        ArbiterEntry queued = ArbiterEntry.empty().queue(a, 100).queue(b, 200);
        SerializerChecks.assertRoundTrips(
                ArbiterEntrySerializer.INSTANCE,
                List.of(
                        ArbiterEntry.empty(),
                        queued,
                        queued.due(150),
                        new ArbiterEntry(
                                a,
                                b,
                                true,
                                37.5,
                                SINCE,
                                1L << 50,
                                queued.queued(),
                                queued.queuedRounds()),
                        queued.due(300).settled().committed(40, SINCE, 7).lapsed(SINCE)));
    }

    @Test
    void snapshotRestoresACompatibleSerializer() throws Exception {
        SerializerChecks.assertRestoresCompatible(ArbiterEntrySerializer.INSTANCE);
    }

    /** As Flink restores it: the record serializer's snapshot written and read back. */
    @Test
    void theRecordSerializersStateIsCompatibleAfterMigration() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(
                out,
                TypeInformation.of(ArbiterEntry.class)
                        .createSerializer(new SerializerConfigImpl())
                        .snapshotConfiguration());
        TypeSerializerSnapshot<ArbiterEntry> old =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());
        assertThat(
                        new ArbiterEntrySerializer.Snapshot()
                                .resolveSchemaCompatibility(old)
                                .isCompatibleAfterMigration())
                .isTrue();
    }

    /**
     * The checkpoints of {@link ArbiterCheckpoints}, written at commit 00875b0 by the record
     * serializer on each backend, restore on it: the arbiter goes on as one that never stopped (on
     * the heap, this code) does, and a checkpoint taken after the restore, written by this
     * serializer, restores too and goes on alike. (On RocksDB that one is a full checkpoint: an
     * incremental one would refer to the files of the restored one, which the test's file of it
     * cannot hold.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void aCheckpointOfTheRecordSerializerRestores(String backend, @TempDir Path dir)
            throws Exception {
        var straight = ArbiterHarness.create(SETTINGS, "hashmap");
        straight.open();
        ArbiterCheckpoints.feed(straight, 0, CHECKPOINT_STEP);
        int before = ArbiterHarness.sent(straight).size();
        ArbiterCheckpoints.feed(straight, CHECKPOINT_STEP + 1, LAST_STEP);
        var all = ArbiterHarness.sent(straight);

        int middle = (CHECKPOINT_STEP + LAST_STEP) / 2;
        var restored = ArbiterHarness.create(SETTINGS, backend);
        if (backend.equals("rocksdb")) {
            // full snapshots: an incremental one after a restore refers to the restored files
            restored.setStateBackend(new EmbeddedRocksDBStateBackend(false));
        }
        restored.initializeState(
                OperatorSnapshotUtil.readStateHandle(
                        resource(ArbiterCheckpoints.fileName(backend))));
        restored.open();
        ArbiterCheckpoints.feed(restored, CHECKPOINT_STEP + 1, middle);
        List<Object> after = new ArrayList<>(ArbiterHarness.sent(restored));
        OperatorSubtaskState migrated = restored.snapshot(2, 2);
        restored.close();
        Path file = dir.resolve("migrated.snapshot");
        OperatorSnapshotUtil.writeStateHandle(migrated, file.toString());
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                .contains(ArbiterEntrySerializer.Snapshot.class.getName());

        var again = ArbiterHarness.create(SETTINGS, backend);
        again.initializeState(OperatorSnapshotUtil.readStateHandle(file.toString()));
        again.open();
        ArbiterCheckpoints.feed(again, middle + 1, LAST_STEP);
        after.addAll(ArbiterHarness.sent(again));
        assertThat(after)
                .hasSizeGreaterThan(2 * (LAST_STEP - CHECKPOINT_STEP))
                .containsExactlyElementsOf(all.subList(before, all.size()));
        straight.close();
        again.close();
    }

    private static String resource(String name) throws Exception {
        return Path.of(ArbiterEntrySerializerTest.class.getResource("/capacity/" + name).toURI())
                .toString();
    }
}
