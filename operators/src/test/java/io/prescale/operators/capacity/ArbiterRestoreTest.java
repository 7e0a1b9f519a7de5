package io.prescale.operators.capacity;

import static io.prescale.operators.capacity.ArbiterHarness.at;
import static io.prescale.operators.capacity.ArbiterHarness.closeWindow;
import static io.prescale.operators.capacity.ArbiterHarness.request;
import static io.prescale.operators.capacity.ArbiterHarness.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.ScaleCommand;
import io.prescale.operators.allocation.AllocationRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Snapshot and restore: an arbiter stopped at step 40 of a seeded random pool (6 entities in 3
 * tiers, capacity below demand, cold starts, speculation) and restored from its snapshot emits
 * exactly what one that never stopped emits; and the commands never commit more than the capacity
 * at any step.
 */
class ArbiterRestoreTest {
    private static final double CAPACITY = 150;
    private static final int STEPS = 80;
    private static final int HALF = 40;

    @Test
    void restoredArbiterDecidesAsIfNeverStopped() throws Exception {
        List<List<AllocationRequest>> rounds = rounds();
        var straight = ArbiterHarness.open(ArbiterHarness.capacity(CAPACITY));
        var first = ArbiterHarness.open(ArbiterHarness.capacity(CAPACITY));
        for (int s = 0; s < HALF; s++) {
            feed(straight, rounds.get(s), s);
            feed(first, rounds.get(s), s);
        }
        int before = straight.extractOutputValues().size();
        OperatorSubtaskState snapshot = first.snapshot(1, 1);
        first.close();
        var restored = ArbiterHarness.create(ArbiterHarness.capacity(CAPACITY));
        restored.initializeState(snapshot);
        restored.open();
        for (int s = HALF; s < STEPS; s++) {
            feed(straight, rounds.get(s), s);
            feed(restored, rounds.get(s), s);
        }
        List<ScaleCommand> all = straight.extractOutputValues();
        assertThat(restored.extractOutputValues())
                .isNotEmpty()
                .containsExactlyElementsOf(all.subList(before, all.size()));
        assertThat(ArbiterFunctionTest.values(restored.getSideOutput(ArbiterFunction.POOL)))
                .isNotEmpty()
                .allMatch(u -> u.granted() <= CAPACITY + 1e-6);
        // one pool key: its map of entities and its pool state
        assertThat(restored.numKeyedStateEntries()).isEqualTo(2);
        assertWithinCapacity(all);
        straight.close();
        restored.close();
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
            for (int e = 0; e < 6; e++) {
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
