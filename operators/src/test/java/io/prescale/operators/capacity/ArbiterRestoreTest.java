package io.prescale.operators.capacity;

import static io.prescale.operators.capacity.ArbiterHarness.at;
import static io.prescale.operators.capacity.ArbiterHarness.closeWindow;
import static io.prescale.operators.capacity.ArbiterHarness.request;
import static io.prescale.operators.capacity.ArbiterHarness.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import io.prescale.operators.Harnesses;
import io.prescale.operators.allocation.AllocationRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Snapshot and restore: an arbiter stopped at step 40 of a seeded random pool (6 entities in 3
 * tiers, capacity below demand, cold starts, speculation) and restored from its snapshot emits
 * exactly what one that never stopped emits; and the commands never commit more than the capacity
 * at any step. A checkpoint written by an earlier layout of the state restores.
 */
class ArbiterRestoreTest {
    private static final double CAPACITY = 150;
    private static final int STEPS = 80;
    private static final int HALF = 40;
    private static final int ENTITIES = 6;
    private static final String SNAPSHOT_WITHOUT_SHADOW_LEASE =
            "/capacity/arbiter-shadow-without-lease.snapshot";

    /** On the heap and on RocksDB, against an arbiter on the heap that never stopped. */
    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void restoredArbiterDecidesAsIfNeverStopped(String backend) throws Exception {
        List<List<AllocationRequest>> rounds = rounds();
        var straight = ArbiterHarness.create(ArbiterHarness.capacity(CAPACITY), "hashmap");
        straight.open();
        var first = ArbiterHarness.create(ArbiterHarness.capacity(CAPACITY), backend);
        first.open();
        for (int s = 0; s < HALF; s++) {
            feed(straight, rounds.get(s), s);
            feed(first, rounds.get(s), s);
        }
        int before = ArbiterHarness.sent(straight).size();
        OperatorSubtaskState snapshot = first.snapshot(1, 1);
        first.close();
        var restored = ArbiterHarness.create(ArbiterHarness.capacity(CAPACITY), backend);
        restored.initializeState(snapshot);
        restored.open();
        for (int s = HALF; s < STEPS; s++) {
            feed(straight, rounds.get(s), s);
            feed(restored, rounds.get(s), s);
        }
        List<ScaleCommand> all = ArbiterHarness.sent(straight);
        assertThat(ArbiterHarness.sent(restored))
                .isNotEmpty()
                .containsExactlyElementsOf(all.subList(before, all.size()));
        assertThat(ArbiterFunctionTest.values(restored.getSideOutput(ArbiterFunction.POOL)))
                .isNotEmpty()
                .allMatch(u -> u.granted() <= CAPACITY + 1e-6);
        Harnesses.assertKeyedEntries(
                restored,
                4,
                "one pool key: its map of entities, their latest rounds asked for, its pool and when"
                        + " it is next active (no round's requests left over)");
        assertWithinCapacity(all);
        straight.close();
        restored.close();
    }

    /**
     * A checkpoint from before the shadow's state kept its last command's lease (see {@code
     * resources/capacity/README.md}: the steady pool of {@link ArbiterHarness#steadyShadowStep}
     * after steps 0 to 9, its shadow pre-warmed to 10 at version 1) restores: the entities go on
     * with their versions, and the shadow, whose last lease is unknown, is renewed at the next
     * round (version 2), then half a lease after that. Nor did it keep when the pool is next active
     * ({@link ArbiterEntry#activeFrom}): its first timer reads the entries. The checkpoint was
     * written on the heap, and restores there only (a checkpoint is in its backend's own format).
     */
    @Test
    void aCheckpointFromBeforeTheShadowKeptItsLeaseRestores() throws Exception {
        var restored = ArbiterHarness.create(ArbiterHarness.settings(100, 10, true), "hashmap");
        restored.initializeState(
                OperatorSnapshotUtil.readStateHandle(resource(SNAPSHOT_WITHOUT_SHADOW_LEASE)));
        restored.open();
        long half = ArbiterHarness.LEASE.dividedBy(2).dividedBy(ArbiterHarness.STEP);
        for (long s = 10; s <= 10 + half; s++) {
            ArbiterHarness.steadyShadowStep(restored, s);
        }
        List<ScaleCommand> out = ArbiterHarness.sent(restored);
        assertThat(out.get(0))
                .extracting(ScaleCommand::entity, ScaleCommand::action, ScaleCommand::version)
                .containsExactly("a", ScaleAction.RENEW, 11L);
        assertThat(out)
                .filteredOn(c -> c.entity().equals("shadow:default"))
                .extracting(
                        ScaleCommand::version,
                        ScaleCommand::action,
                        ScaleCommand::targetAmount,
                        ScaleCommand::neededBy)
                .containsExactly(
                        tuple(2L, ScaleAction.RENEW, 10.0, step(11)),
                        tuple(3L, ScaleAction.RENEW, 10.0, step(10 + half + 1)));
        restored.close();
    }

    private static String resource(String name) throws Exception {
        return Path.of(ArbiterRestoreTest.class.getResource(name).toURI()).toString();
    }

    /** Σ over entities of the newest command needed by t, at every step t. */
    private static void assertWithinCapacity(List<ScaleCommand> commands) {
        for (int t = 0; t < STEPS + 3; t++) {
            Instant at = step(t);
            double sum =
                    commands.stream()
                            .filter(c -> !c.neededBy().isAfter(at))
                            .collect(
                                    java.util.stream.Collectors.groupingBy(
                                            ScaleCommand::entity,
                                            java.util.stream.Collectors.maxBy(
                                                    Comparator.comparingLong(
                                                            ScaleCommand::version))))
                            .values()
                            .stream()
                            .mapToDouble(c -> c.orElseThrow().targetAmount())
                            .sum();
            assertThat(sum)
                    .as("committed at step %d", t)
                    .isLessThanOrEqualTo(CAPACITY * (1 + 1e-9));
        }
    }

    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, AllocationRequest, ScaleCommand> h,
            List<AllocationRequest> round,
            int s)
            throws Exception {
        for (AllocationRequest r : round) {
            h.processElement(at(r));
        }
        closeWindow(h, s);
    }

    /** Entity e starts at step 5e with a cold start for its own step, then decides every step. */
    private static List<List<AllocationRequest>> rounds() {
        SplittableRandom random = new SplittableRandom(17);
        List<List<AllocationRequest>> rounds = new ArrayList<>();
        for (int s = 0; s < STEPS; s++) {
            List<AllocationRequest> round = new ArrayList<>();
            for (int e = 0; e < ENTITIES; e++) {
                if (s < 5 * e) {
                    continue;
                }
                String entity = "vm-" + e;
                if (s == 5 * e) {
                    round.add(request(entity, e % 3, 20, 0, s, s));
                }
                double amount = 10 + random.nextInt(60);
                double speculative = random.nextBoolean() ? 0 : random.nextInt((int) amount / 2);
                round.add(request(entity, e % 3, amount, speculative, s, s + 2));
            }
            rounds.add(round);
        }
        return rounds;
    }
}
