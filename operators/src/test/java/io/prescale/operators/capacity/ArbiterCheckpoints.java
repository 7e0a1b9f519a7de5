package io.prescale.operators.capacity;

import static io.prescale.operators.capacity.ArbiterHarness.at;
import static io.prescale.operators.capacity.ArbiterHarness.decision;
import static io.prescale.operators.capacity.ArbiterHarness.request;

import io.prescale.model.ScaleCommand;
import io.prescale.operators.allocation.AllocationRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A pool whose entries take every shape the arbiter stores, for checkpoints of its state: the
 * steady entities "a", "b" and "c" ({@link ArbiterHarness#steadyShadowStep}, the shadow
 * pre-warmed), "d" whose lease lapsed at step 5 and that comes back at step 20, "f" whose lease
 * lapsed at step 4 and whose entry is forgotten an hour later, and "e" whose requests of steps 10
 * and 11 wait in its queue when the checkpoint is taken after step 9. With {@code
 * -Dprescale.test.write-checkpoints=DIR} the test writes the checkpoint of such an arbiter on the
 * heap and on RocksDB to DIR (see {@code resources/capacity/README.md}); {@link
 * ArbiterEntrySerializerTest} restores them.
 */
class ArbiterCheckpoints {
    static final String WRITE_PROPERTY = "prescale.test.write-checkpoints";

    /** The step after which the checkpoint is taken, and the last step fed after it. */
    static final int CHECKPOINT_STEP = 9;

    static final int LAST_STEP = 30;

    /** A pool of 100 in quanta of 10, the shadow actuated, entries kept an hour after a lapse. */
    static final ArbiterSettings SETTINGS =
            new ArbiterSettings(
                    Map.of(ArbiterHarness.POOL_KEY, 100.0),
                    Map.of(ArbiterHarness.POOL_KEY, 10.0),
                    ArbiterHarness.STEP,
                    // every shadow change commanded, as when the checkpoints were written
                    new ShadowSettings(0.5, true, ArbiterHarness.LEASE, 0),
                    Duration.ofHours(1));

    /** The checkpoint's file name on {@code backend}. */
    static String fileName(String backend) {
        return "arbiter-entries-pojo-" + backend + ".snapshot";
    }

    /** Feeds steps {@code from} to {@code to} of the pool, each closed by its round. */
    static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, AllocationRequest, ScaleCommand> h,
            int from,
            int to)
            throws Exception {
        for (int s = from; s <= to; s++) {
            if (s == 2) {
                h.processElement(at(leasedUntil(decision("d", 1, 20, s), s + 3)));
                h.processElement(at(leasedUntil(decision("f", 2, 10, s), s + 2)));
            }
            if (s == CHECKPOINT_STEP) {
                h.processElement(at(request("e", 1, 15, 5, 10, 12)));
                h.processElement(at(request("e", 1, 25, 5, 11, 13)));
            }
            if (s >= 12) {
                h.processElement(at(decision("e", 1, 20 + s % 3, s)));
            }
            if (s == 20) {
                h.processElement(at(decision("d", 1, 30, s)));
            }
            ArbiterHarness.steadyShadowStep(h, s);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = WRITE_PROPERTY, matches = ".+")
    void writeCheckpoints() throws Exception {
        Path dir = Path.of(System.getProperty(WRITE_PROPERTY));
        Files.createDirectories(dir);
        for (String backend : new String[] {"hashmap", "rocksdb"}) {
            var h = ArbiterHarness.create(SETTINGS, backend);
            h.open();
            feed(h, 0, CHECKPOINT_STEP);
            OperatorSnapshotUtil.writeStateHandle(
                    h.snapshot(1, 1), dir.resolve(fileName(backend)).toString());
            h.close();
        }
    }

    /** {@code r} with its lease ending at step {@code s}. */
    private static AllocationRequest leasedUntil(AllocationRequest r, long s) {
        return ArbiterHarness.with(r, r.pool(), r.reason(), ArbiterHarness.step(s));
    }
}
