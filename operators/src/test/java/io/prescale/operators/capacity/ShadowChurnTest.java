package io.prescale.operators.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.backtest.Replay;
import io.prescale.ml.policy.PrescaleConfig;
import io.prescale.ml.policy.PrescalePolicy;
import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.TraceReader;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import io.prescale.operators.allocation.AllocationRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The actuated shadow of a real pool: 3 Azure VMs (the trace's first, 3 days of cpu_avg_pct; Azure
 * public dataset V1, CC-BY-4.0), each asking at each step what the backtest's prescale policy
 * allocates it (1 %, L = 2), in a pool of {@value #CAPACITY} (short at times, with room for a
 * shadow of a few percent of the pool most of the time), decay 0.8, lease 15 min. A tester's replay
 * of 26 days through the job got 5,286 changes of the shadow, 71 % of them under 1 % of the pool.
 */
class ShadowChurnTest {
    private static final Path TRACE = Path.of("..", "..", "shared", "data", "azure-vm-2017.csv.gz");
    private static final double CAPACITY = 60;
    private static final int VMS = 3;
    private static final int STEPS = 3 * 288;
    private static final Duration LEASE = Duration.ofMinutes(15);
    private static final Pattern HEADROOM = Pattern.compile(" headroom=(\\S+) ");

    private static DemandGrid slice;
    private static double[][] asked;

    @BeforeAll
    static void backtest() {
        DemandGrid grid = TraceReader.read(TRACE, "cpu_avg_pct", ArbiterHarness.STEP);
        double[][] v = new double[VMS][];
        for (int e = 0; e < VMS; e++) {
            v[e] = Arrays.copyOf(grid.values()[e], STEPS);
        }
        slice =
                new DemandGrid(
                        grid.start(),
                        ArbiterHarness.STEP,
                        grid.entities().subList(0, VMS),
                        v,
                        new int[VMS]);
        asked =
                Replay.run(
                        new PrescalePolicy(PrescaleConfig.defaults(0.01, ArbiterHarness.LEAD, 288)),
                        slice,
                        e -> {});
    }

    /**
     * The churn reproduced, without a minimum change (only the 3 % of the target): the shadow
     * changes at a round in three or so (333 times in 862 rounds; 426 before the rises it was kept
     * for displaced it), a sixth of the changes (54) under 1 % of the pool.
     */
    @Test
    void withoutAMinimumChangeTheShadowChangesAtARoundInThree() throws Exception {
        List<ScaleCommand> changes = changes(run(0).commands());
        assertThat(changes).hasSizeGreaterThan(STEPS / 3);
        assertThat(changes.stream().filter(c -> delta(c) < 0.01 * CAPACITY).count())
                .isGreaterThan(changes.size() / 8);
    }

    /**
     * At the default minimum change (a twentieth of the pool, 3) the shadow changes less than half
     * as often (163 times, 69 of them releases to 0; 147 before the rises it was kept for displaced
     * it, when it held 845 unit-steps over the 3 days where it now holds 537); every change is at
     * least 3, or half the shadow in force when that is less, unless the pool's grants force it
     * (the target in force above the round's headroom) or it is the release to 0, which the shadow
     * still reaches as it decays; each command fits the headroom; and the pool measurement's shadow
     * is, at every round, the target commanded in force (it used to be the size decided, above 0
     * where the command had released it to 0).
     */
    @Test
    void aChangeUnderTheMinimumChangeIsNotCommanded() throws Exception {
        Run quiet = run(ShadowSettings.DEFAULT_MIN_CHANGE);
        List<ScaleCommand> changes = changes(quiet.commands());
        ShadowSettings settings =
                new ShadowSettings(0.8, true, LEASE, ShadowSettings.DEFAULT_MIN_CHANGE);
        assertThat(changes).hasSizeLessThan(changes(run(0).commands()).size() / 2);
        assertThat(changes)
                .allSatisfy(
                        c -> {
                            boolean forced = c.previousAmount() > headroom(c) + 1e-9;
                            if (!forced && c.targetAmount() > 0) {
                                assertThat(delta(c))
                                        .as("%s", c)
                                        .isGreaterThanOrEqualTo(
                                                ShadowCommands.minChange(
                                                        c.previousAmount(), settings, CAPACITY));
                            }
                            assertThat(c.targetAmount())
                                    .as("%s", c)
                                    .isLessThanOrEqualTo(headroom(c));
                        });
        assertThat(changes)
                .as("released to 0 as it decays")
                .filteredOn(c -> c.targetAmount() == 0)
                .hasSizeGreaterThan(10);
        assertThat(quiet.commands()).anyMatch(c -> c.action() == ScaleAction.RENEW);
        assertThat(quiet.usage().stream().mapToDouble(PoolUsage::shadow).sum())
                .as("unit-steps of shadow held, displaced by the rises it was kept for")
                .isLessThan(600);
        for (PoolUsage u : quiet.usage()) {
            assertThat(u.shadow()).as("at %s", u.time()).isEqualTo(inForce(quiet, u.time()));
        }
    }

    private record Run(List<ScaleCommand> commands, List<PoolUsage> usage) {}

    /** The slice through the arbiter at minimum change {@code minChange}: its shadow's commands. */
    private static Run run(double minChange) throws Exception {
        var h =
                ArbiterHarness.open(
                        new ArbiterSettings(
                                Map.of(ArbiterHarness.POOL_KEY, CAPACITY),
                                Map.of(),
                                ArbiterHarness.STEP,
                                new ShadowSettings(0.8, true, LEASE, minChange),
                                Duration.ofDays(7)));
        for (int s = 0; s + ArbiterHarness.LEAD < STEPS; s++) {
            for (int e = 0; e < VMS; e++) {
                h.processElement(request(e, s));
            }
            ArbiterHarness.closeWindow(h, s);
        }
        List<ScaleCommand> shadow =
                ArbiterHarness.sent(h).stream()
                        .filter(c -> c.entity().equals("shadow:default"))
                        .toList();
        List<PoolUsage> usage =
                ArbiterFunctionTest.values(h.getSideOutput(ArbiterFunction.POOL)).stream()
                        .filter(u -> u.tier().equals(PoolUsage.ALL_TIERS))
                        .toList();
        h.close();
        return new Run(shadow, usage);
    }

    /** VM e's request decided at the end of window s, for step s + L, with a 15 min lease. */
    private static StreamRecord<AllocationRequest> request(int e, int s) {
        int step = s + ArbiterHarness.LEAD;
        var ask = new ArbiterHarness.Ask(slice.entities().get(e), 0, asked[e][step], 0);
        return ArbiterHarness.at(ArbiterHarness.request(ask, s, step, LEASE));
    }

    private static List<ScaleCommand> changes(List<ScaleCommand> shadow) {
        return shadow.stream().filter(c -> c.action() != ScaleAction.RENEW).toList();
    }

    private static double delta(ScaleCommand c) {
        return Math.abs(c.targetAmount() - c.previousAmount());
    }

    /** H, from the command's reason. */
    private static double headroom(ScaleCommand c) {
        Matcher m = HEADROOM.matcher(c.reason());
        assertThat(m.find()).as("%s", c).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** The target of the newest shadow command needed by t, 0 before the first. */
    private static double inForce(Run run, Instant t) {
        double target = 0;
        for (ScaleCommand c : run.commands()) {
            target = c.neededBy().isAfter(t) ? target : c.targetAmount();
        }
        return target;
    }
}
