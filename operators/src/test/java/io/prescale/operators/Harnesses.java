package io.prescale.operators;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/**
 * Opens operator test harnesses as the job runs: Kryo off, on a state backend, optionally restored
 * from a snapshot.
 */
public final class Harnesses {
    /**
     * The system property naming the state backend of the harnesses that do not name one: {@code
     * hashmap} (unset) or {@code rocksdb}, so that {@code -Dprescale.test.state-backend=rocksdb}
     * runs every harness test on RocksDB.
     */
    public static final String BACKEND_PROPERTY = "prescale.test.state-backend";

    private Harnesses() {}

    /**
     * {@link #open(AbstractStreamOperatorTestHarness, OperatorSubtaskState, String)} on the backend
     * of {@link #BACKEND_PROPERTY}.
     */
    public static <H extends AbstractStreamOperatorTestHarness<?>> H open(
            H h, OperatorSubtaskState restore) throws Exception {
        return open(h, restore, defaultBackend());
    }

    /**
     * Turns generic types off ({@code pipeline.generic-types: false}), sets the state backend
     * {@code backend} ({@link #backend}), restores {@code restore} when it is not null, and opens
     * {@code h}.
     */
    public static <H extends AbstractStreamOperatorTestHarness<?>> H open(
            H h, OperatorSubtaskState restore, String backend) throws Exception {
        ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig())
                .setGenericTypes(false);
        h.setStateBackend(backend(backend));
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    /** The backend of {@link #BACKEND_PROPERTY}, {@code hashmap} when it is unset. */
    public static String defaultBackend() {
        return System.getProperty(BACKEND_PROPERTY, "hashmap");
    }

    /**
     * The state backend {@code name}: {@code hashmap}, or {@code rocksdb} with incremental
     * checkpoints, as the job runs on them ({@code state.backend.type}).
     */
    public static StateBackend backend(String name) {
        return switch (name) {
            case "hashmap" -> new HashMapStateBackend();
            case "rocksdb" -> new EmbeddedRocksDBStateBackend(true);
            default ->
                    throw new IllegalArgumentException(
                            BACKEND_PROPERTY + " must be hashmap or rocksdb, was '" + name + "'");
        };
    }

    /**
     * Keyed state entries the harness holds on the heap: one per value, map or list state of a key.
     * (RocksDB counts otherwise, every map entry and more, so the tests count on the heap.)
     */
    public static int keyedEntries(AbstractStreamOperatorTestHarness<?> h) {
        return ((HeapKeyedStateBackend<?>) h.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries();
    }

    /**
     * Asserts that {@code h} holds {@code expected} {@link #keyedEntries} when it is on the heap;
     * on RocksDB, which counts otherwise, asserts nothing.
     */
    public static void assertKeyedEntries(
            AbstractStreamOperatorTestHarness<?> h, int expected, String what) {
        if (onHeap(h)) {
            assertThat(keyedEntries(h)).as(what).isEqualTo(expected);
        }
    }

    /** Whether {@code h} keeps its keyed state on the heap, where {@link #keyedEntries} counts. */
    public static boolean onHeap(AbstractStreamOperatorTestHarness<?> h) {
        return h.getOperator().getKeyedStateBackend() instanceof HeapKeyedStateBackend<?>;
    }
}
