package io.prescale.operators.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.backtest.Replay;
import io.prescale.ml.policy.PrescaleConfig;
import io.prescale.ml.policy.PrescalePolicy;
import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.TraceReader;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator decides exactly what the backtest decides: the same policy over the same demand,
 * entity by entity and step by step, on a real slice (5 Azure VMs, 2 days of cpu_max_pct; Azure
 * public dataset V1, CC-BY-4.0).
 */
class AllocationFunctionTest {
    private static final Path TRACE = Path.of("..", "..", "shared", "data", "azure-vm-2017.csv.gz");
    private static final Duration STEP = Duration.ofMinutes(5);
    private static final int ENTITIES = 5;
    private static final int STEPS = 576;
    private static final PrescaleConfig POLICY = PrescaleConfig.defaults(0.01, 2, 288);
    private static final AllocationSettings SETTINGS =
            new AllocationSettings(
                    "cpu_max_pct", "cpu", "pct", STEP, Duration.ofMinutes(15), POLICY);

    private static DemandGrid grid;

    @BeforeAll
    static void readSlice() {
        grid = TraceReader.read(TRACE, "cpu_max_pct", STEP);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, WindowAggregate, ScaleCommand>
            harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AllocationFunction(SETTINGS)),
                WindowAggregate::entity,
                Types.STRING);
    }

    private static WindowAggregate window(int e, int t) {
        Instant start = grid.timeOf(t);
        double d = grid.values()[e][t];
        return new WindowAggregate(
                grid.entities().get(e), "cpu_max_pct", start, start.plus(STEP), 1, d, d, d);
    }

    /** The allocation in force at each step: the newest command needed by then. */
    private static double[] allocations(List<ScaleCommand> commands, String entity) {
        double[] a = new double[STEPS];
        long first = Math.floorDiv(grid.start().toEpochMilli(), STEP.toMillis());
        for (ScaleCommand c : commands) {
            if (c.entity().equals(entity)) {
                int from = (int) (AllocationFunction.stepOf(c, STEP) - first);
                for (int t = Math.max(0, from); t < STEPS; t++) {
                    a[t] = c.targetAmount();
                }
            }
        }
        return a;
    }

    @Test
    void commandsReproduceTheBacktestAllocationsStepByStep() throws Exception {
        var h = harness();
        h.open();
        for (int t = 0; t < STEPS - POLICY.leadSteps(); t++) {
            for (int e = 0; e < ENTITIES; e++) {
                h.processElement(new StreamRecord<>(window(e, t)));
            }
        }
        List<ScaleCommand> commands = h.extractOutputValues();
        double[][] expected = Replay.run(new PrescalePolicy(POLICY), slice(), e -> {});
        for (int e = 0; e < ENTITIES; e++) {
            assertThat(allocations(commands, grid.entities().get(e)))
                    .as("entity %s", grid.entities().get(e))
                    .containsExactly(expected[e]);
        }
        assertThat(commands)
                .extracting(c -> c.entity() + "@" + c.version())
                .doesNotHaveDuplicates()
                .isNotEmpty();
        h.close();
    }

    @Test
    void restoredStateDecidesAsIfNeverStopped() throws Exception {
        var straight = harness();
        straight.open();
        var first = harness();
        first.open();
        int half = 300;
        for (int t = 0; t < half; t++) {
            straight.processElement(new StreamRecord<>(window(0, t)));
            first.processElement(new StreamRecord<>(window(0, t)));
        }
        OperatorSubtaskState snapshot = first.snapshot(1, 1);
        first.close();
        var restored = harness();
        restored.initializeState(snapshot);
        restored.open();
        for (int t = half; t < STEPS - 2; t++) {
            straight.processElement(new StreamRecord<>(window(0, t)));
            restored.processElement(new StreamRecord<>(window(0, t)));
        }
        List<ScaleCommand> after =
                straight.extractOutputValues().stream()
                        .filter(c -> c.neededBy().isAfter(grid.timeOf(half + 1)))
                        .toList();
        assertThat(restored.extractOutputValues()).containsExactlyElementsOf(after);
        assertThat(restored.numKeyedStateEntries()).isEqualTo(3);
        straight.close();
        restored.close();
    }

    private static DemandGrid slice() {
        double[][] v = new double[ENTITIES][];
        for (int e = 0; e < ENTITIES; e++) {
            v[e] = java.util.Arrays.copyOf(grid.values()[e], STEPS);
        }
        return new DemandGrid(
                grid.start(), STEP, grid.entities().subList(0, ENTITIES), v, new int[ENTITIES]);
    }
}
