package io.prescale.operators.allocation;

import static io.prescale.operators.allocation.AllocationHarness.POLICY;
import static io.prescale.operators.allocation.AllocationHarness.STEP;
import static io.prescale.operators.allocation.AllocationHarness.cpuOnly;
import static io.prescale.operators.allocation.AllocationHarness.feed;
import static io.prescale.operators.allocation.AllocationHarness.harness;
import static io.prescale.operators.allocation.AllocationHarness.inForce;
import static io.prescale.operators.allocation.AllocationHarness.millis;
import static io.prescale.operators.allocation.AllocationHarness.watermark;
import static io.prescale.operators.allocation.AllocationHarness.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.backtest.Replay;
import io.prescale.ml.overrides.ScopeOverride;
import io.prescale.ml.policy.DecisionSlot;
import io.prescale.ml.policy.PrescalePolicy;
import io.prescale.ml.policy.PrescaleState;
import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.TraceReader;
import io.prescale.operators.Harnesses;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator decides exactly what the backtest decides: the same policy over the same demand,
 * entity by entity and step by step, on a real slice (5 Azure VMs, 2 days of cpu_max_pct; Azure
 * public dataset V1, CC-BY-4.0); over a gap it releases as the policy itself does; a session ends,
 * teaches its class and leaves no state.
 */
class EntityAllocationFunctionTest {
    private static final Path TRACE = Path.of("..", "..", "shared", "data", "azure-vm-2017.csv.gz");
    private static final int ENTITIES = 5;
    private static final int STEPS = 576;
    private static final int LEAD = POLICY.leadSteps();

    private static DemandGrid grid;

    @BeforeAll
    static void readSlice() {
        grid = TraceReader.read(TRACE, "cpu_max_pct", STEP);
        assertThat(grid.start()).isEqualTo(AllocationHarness.T0);
    }

    private static String vm(int e) {
        return grid.entities().get(e);
    }

    private static double demand(int e, int t) {
        return grid.values()[e][t];
    }

    @Test
    void requestsReproduceTheBacktestAllocationsStepByStep() throws Exception {
        var h = harness(cpuOnly(), null);
        for (int t = 0; t < STEPS - LEAD; t++) {
            for (int e = 0; e < ENTITIES; e++) {
                feed(h, window(vm(e), "cpu_max_pct", t, demand(e, t)));
            }
        }
        List<AllocationRequest> requests = h.extractOutputValues();
        double[][] expected = Replay.run(new PrescalePolicy(POLICY), slice(), e -> {});
        for (int e = 0; e < ENTITIES; e++) {
            // from step 1: the start is sent, and needed, when step 0's window ends
            assertThat(inForce(requests, vm(e), 1, STEPS - 1))
                    .as("entity %s", vm(e))
                    .containsExactly(Arrays.copyOfRange(expected[e], 1, STEPS));
        }
        assertThat(requests)
                .allSatisfy(
                        r -> {
                            assertThat(r.pool()).isEqualTo("default");
                            assertThat(r.tier()).isZero();
                            assertThat(r.horizonSteps()).isEqualTo(LEAD);
                            assertThat(r.speculative()).isBetween(0.0, r.amount());
                        });
        assertThat(requests).anySatisfy(r -> assertThat(r.speculative()).isPositive());
        Harnesses.assertKeyedEntries(h, 10, "a session and one resource per entity");
        assertThat(h.numEventTimeTimers()).as("one step timer per entity").isEqualTo(ENTITIES);
        h.close();
    }

    /**
     * Every step from a session's L-th on is put out with the demand and the allocation the
     * backtest has in force for it, so InfluxDB's provisioning gives each entity's realised rate of
     * under-provisioning: the backtest's violation, counted the same way.
     */
    @Test
    void everyStepIsScoredAgainstTheAllocationInForce() throws Exception {
        var h = harness(cpuOnly(), null);
        int steps = STEPS - LEAD;
        for (int t = 0; t < steps; t++) {
            for (int e = 0; e < ENTITIES; e++) {
                feed(h, window(vm(e), "cpu_max_pct", t, demand(e, t)));
            }
        }
        double[][] expected = Replay.run(new PrescalePolicy(POLICY), slice(), e -> {});
        List<ProvisionedStep> scored =
                h.getSideOutput(EntityAllocationFunction.PROVISIONED).stream()
                        .map(r -> r.getValue())
                        .toList();
        assertThat(scored).hasSize(ENTITIES * (steps - LEAD));
        int under = 0;
        int expectedUnder = 0;
        for (ProvisionedStep p : scored) {
            int e = grid.entities().indexOf(p.entity());
            int t = (int) ((p.window().toEpochMilli() - millis(0)) / STEP.toMillis());
            assertThat(t).isBetween(LEAD, steps - 1);
            assertThat(p.resource()).isEqualTo("cpu");
            assertThat(p.demand()).isEqualTo(demand(e, t));
            assertThat(p.allocated()).as("%s at %d", p.entity(), t).isEqualTo(expected[e][t]);
            assertThat(p.correction()).isBetween(-20.0, 20.0);
            under += p.under() ? 1 : 0;
            expectedUnder += demand(e, t) > expected[e][t] ? 1 : 0;
        }
        assertThat(under).isEqualTo(expectedUnder).isPositive();
        h.close();
    }

    /**
     * An amount that holds is renewed every half lease (15 min, 3 steps), so the pool never lapses
     * it: each request is needed before the previous one's lease expires. It was sent once and
     * lapsed, booked at 0 while the backend still ran it.
     */
    @Test
    void anAmountThatHoldsIsRenewedBeforeItsLeaseLapses() throws Exception {
        var h = harness(cpuOnly(), null);
        int steps = 100;
        for (int t = 0; t < steps; t++) {
            feed(h, window("steady", "cpu_max_pct", t, 50));
        }
        List<AllocationRequest> requests = h.extractOutputValues();
        assertThat(requests).hasSizeGreaterThan(steps / 3);
        for (int i = 1; i < requests.size(); i++) {
            assertThat(requests.get(i).neededBy())
                    .as("request %d", i)
                    .isBefore(requests.get(i - 1).leaseExpiry());
        }
        assertThat(requests.get(requests.size() - 1).leaseExpiry().toEpochMilli())
                .isGreaterThan(millis(steps + LEAD));
        long renewals =
                java.util.stream.IntStream.range(1, requests.size())
                        .filter(i -> requests.get(i).amount() == requests.get(i - 1).amount())
                        .count();
        assertThat(renewals).as("renewals of the same amount").isGreaterThan(steps / 4);
        h.close();
    }

    /** As the job feeds it: every metric's window of a step, then the watermark past the step. */
    @Test
    void withWatermarksAndOtherMetricsTheRequestsStillReproduceTheBacktest() throws Exception {
        var h = harness(cpuOnly(), null);
        for (int t = 0; t < STEPS - LEAD; t++) {
            for (int e = 0; e < ENTITIES; e++) {
                feed(h, window(vm(e), "cpu_avg_pct", t, demand(e, t) / 2));
                feed(h, window(vm(e), "cpu_max_pct", t, demand(e, t)));
            }
            watermark(h, millis(t + 1) + 30_000);
        }
        List<AllocationRequest> requests = h.extractOutputValues();
        double[][] expected = Replay.run(new PrescalePolicy(POLICY), slice(), e -> {});
        for (int e = 0; e < ENTITIES; e++) {
            assertThat(inForce(requests, vm(e), 1, STEPS - 2))
                    .as("entity %s", vm(e))
                    .containsExactly(Arrays.copyOfRange(expected[e], 1, STEPS - 1));
        }
        h.close();
    }

    /**
     * Samples that jitter across step boundaries (the sixty-fifth tester's scrape at ±20 s of 300
     * s): a step's sample lands in the next window, which holds two, and leaves its own empty. The
     * backtest's grid repeats the value before over the empty step and takes the larger of the two
     * in the next; the job bridges the empty step with the demand before it, and decides as the
     * backtest does at every step. It released the entity at each empty step before, and missed
     * about five times as often as the backtest.
     */
    @Test
    void samplesJitteringAcrossStepBoundariesStillReproduceTheBacktest() throws Exception {
        var h = harness(cpuOnly(), null);
        double[][] jittered = new double[ENTITIES][STEPS];
        for (int e = 0; e < ENTITIES; e++) {
            for (int t = 0; t < STEPS; t++) {
                jittered[e][t] =
                        emptied(e, t)
                                ? jittered[e][t - 1]
                                : t > 0 && emptied(e, t - 1)
                                        ? Math.max(demand(e, t - 1), demand(e, t))
                                        : demand(e, t);
            }
        }
        for (int t = 0; t < STEPS - LEAD; t++) {
            for (int e = 0; e < ENTITIES; e++) {
                if (!emptied(e, t)) {
                    feed(h, window(vm(e), "cpu_max_pct", t, jittered[e][t]));
                }
            }
            watermark(h, millis(t + 1) + 30_000);
        }
        List<AllocationRequest> requests = h.extractOutputValues();
        DemandGrid expectedGrid =
                new DemandGrid(
                        grid.start(),
                        STEP,
                        grid.entities().subList(0, ENTITIES),
                        jittered,
                        new int[ENTITIES]);
        double[][] expected = Replay.run(new PrescalePolicy(POLICY), expectedGrid, e -> {});
        for (int e = 0; e < ENTITIES; e++) {
            assertThat(inForce(requests, vm(e), 1, STEPS - 2))
                    .as("entity %s", vm(e))
                    .containsExactly(Arrays.copyOfRange(expected[e], 1, STEPS - 1));
        }
        assertThat(requests).noneSatisfy(r -> assertThat(r.reason()).contains("no data since"));
        h.close();
    }

    /**
     * Worked through as a backlog (a bounded replay: every window before the watermark that fires
     * the gaps' timers), an entity's requests and their timestamps, the pool's rounds, are those of
     * the same windows fed live, over gaps of one window, two, and two hours (past the session's
     * inactivity timeout): the commands do not depend on how fast the job reads. Before, the window
     * after a gap came first and the policy accounted for the gap by itself, but nothing was
     * requested for it: the pool lapsed the amount while the session lived, and one replay's
     * commands differed from another's (the sixty-sixth and sixty-seventh testers). The one empty
     * window is taken as the backtest takes it, its demand repeated.
     */
    @Test
    void aBacklogRequestsWhatLiveTimersRequestOverGaps() throws Exception {
        int steps = 200;
        var live = harness(cpuOnly(), null);
        var backlog = harness(cpuOnly(), null);
        double[][] repeated = new double[3][steps];
        for (int t = 0; t < steps; t++) {
            for (int e = 0; e < 3; e++) {
                repeated[e][t] = silent(e, t) ? repeated[e][t - 1] : demand(e, t);
                if (!silent(e, t)) {
                    feed(live, window(vm(e), "cpu_max_pct", t, demand(e, t)));
                    feed(backlog, window(vm(e), "cpu_max_pct", t, demand(e, t)));
                }
            }
            watermark(live, millis(t + 1) + 30_000);
        }
        watermark(backlog, millis(steps) + 30_000);
        for (int e = 0; e < 3; e++) {
            assertThat(requestsOf(backlog, vm(e)))
                    .as(vm(e))
                    .containsExactlyElementsOf(requestsOf(live, vm(e)));
        }
        assertThat(requestsOf(backlog, vm(0)))
                .anySatisfy(r -> assertThat(r).contains("no data since"))
                .anySatisfy(r -> assertThat(r).contains("SESSION_END"));
        DemandGrid grid =
                new DemandGrid(
                        EntityAllocationFunctionTest.grid.start(),
                        STEP,
                        EntityAllocationFunctionTest.grid.entities().subList(0, 3),
                        repeated,
                        new int[3]);
        double[][] expected = Replay.run(new PrescalePolicy(POLICY), grid, e -> {});
        assertThat(inForce(backlog.extractOutputValues(), vm(2), 1, steps - 2))
                .as("one empty window, as the backtest")
                .containsExactly(Arrays.copyOfRange(expected[2], 1, steps - 1));
        live.close();
        backlog.close();
    }

    /** vm 0 is silent for two hours, vm 1 for two windows, vm 2 for one. */
    private static boolean silent(int e, int t) {
        return switch (e) {
            case 0 -> t >= 100 && t < 124;
            case 1 -> t == 50 || t == 51;
            default -> t == 70;
        };
    }

    /** An entity's requests as timestamp, amount, needed-by and reason. */
    private static List<String> requestsOf(
            KeyedBroadcastOperatorTestHarness<String, EntityEvent, ScopeOverride, AllocationRequest>
                    h,
            String entity) {
        return h.extractOutputStreamRecords().stream()
                .filter(r -> r.getValue().entity().equals(entity))
                .map(
                        r ->
                                r.getTimestamp()
                                        + " "
                                        + r.getValue().amount()
                                        + " "
                                        + r.getValue().neededBy()
                                        + " "
                                        + r.getValue().issuedAt()
                                        + " "
                                        + r.getValue().reason())
                .toList();
    }

    /** A harness fed an entity "steady" at 40 for steps 0 .. {@code last}, each step whole. */
    private static KeyedBroadcastOperatorTestHarness<
                    String, EntityEvent, ScopeOverride, AllocationRequest>
            steadyAt40Through(int last) throws Exception {
        var h = harness(cpuOnly(), null);
        for (int t = 0; t <= last; t++) {
            feed(h, window("steady", "cpu_max_pct", t, 40));
            watermark(h, millis(t + 1) - 1);
        }
        return h;
    }

    /** Whether entity e's window of step t is empty, its sample late into the next: 1 in 11. */
    private static boolean emptied(int e, int t) {
        return t > 0 && t < STEPS - LEAD - 1 && (7 * t + e) % 11 == 3;
    }

    /**
     * On the heap and on RocksDB, against a harness on the heap that never stopped: the policy
     * state stepped in place is written back, so RocksDB's copy decides as the heap's object does.
     */
    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void restoredStateDecidesAsIfNeverStopped(String backend) throws Exception {
        var straight = harness(cpuOnly(), null, "hashmap");
        var first = harness(cpuOnly(), null, backend);
        int half = 300;
        for (int t = 0; t < half; t++) {
            feed(straight, window(vm(0), "cpu_max_pct", t, demand(0, t)));
            feed(first, window(vm(0), "cpu_max_pct", t, demand(0, t)));
        }
        OperatorSubtaskState snapshot = first.snapshot(1, 1);
        first.close();
        var restored = harness(cpuOnly(), snapshot, backend);
        Harnesses.assertKeyedEntries(restored, 2, "keyed state entries");
        assertThat(restored.numEventTimeTimers()).isEqualTo(1);
        int before = straight.extractOutputValues().size();
        for (int t = half; t < STEPS - LEAD; t++) {
            feed(straight, window(vm(0), "cpu_max_pct", t, demand(0, t)));
            feed(restored, window(vm(0), "cpu_max_pct", t, demand(0, t)));
        }
        List<AllocationRequest> after = straight.extractOutputValues();
        assertThat(restored.extractOutputValues())
                .isNotEmpty()
                .containsExactlyElementsOf(after.subList(before, after.size()));
        straight.close();
        restored.close();
    }

    /**
     * Silent steps release as the policy's own gap rule would (computed here by letting the policy
     * itself cross the gap on a copy of its state), reaching the floor within the gap (it used to
     * approach it for ever, a command at every step), then the session ends: released to the floor,
     * no state and no timer left.
     */
    @Test
    void timersReleaseOverAGapThenEndTheSession() throws Exception {
        var h = harness(cpuOnly(), null);
        int last = 99;
        for (int t = 0; t <= last; t++) {
            feed(h, window(vm(1), "cpu_max_pct", t, demand(1, t)));
            watermark(h, millis(t + 1) - 1);
        }
        int before = h.extractOutputValues().size();
        int gap = 5;
        for (int t = last + 1; t <= last + gap; t++) {
            watermark(h, millis(t + 1));
        }
        List<AllocationRequest> all = h.extractOutputValues();
        double[] seen = inForce(all, vm(1), last + 1 + LEAD, gap);
        assertThat(seen).containsExactly(policyOverGap(last, gap));
        assertThat(seen[gap - 1]).as("released to the floor within the gap").isEqualTo(0.0);
        assertThat(all.subList(before, all.size()))
                .extracting(r -> r.reason().split(" ")[0])
                .containsAnyOf("HOLD_STABILISING", "RELEASE_DECAY");
        Harnesses.assertKeyedEntries(h, 2, "keyed state entries");

        watermark(h, millis(last + 1 + 6 + 1));
        AllocationRequest end = h.extractOutputValues().get(h.extractOutputValues().size() - 1);
        assertThat(end.reason()).startsWith("SESSION_END");
        assertThat(end.amount()).isZero();
        Harnesses.assertKeyedEntries(h, 0, "nothing of the entity is left");
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    /**
     * An entity steady at 40 for four hours misses two windows: the first silent step's timer waits
     * for the window after it (one empty window between two is taken with the demand before it
     * repeated, as the backtest's grid does: samples that jitter across step boundaries). The
     * second's releases both by the gap rule, by the release factor from the first: to 30 % of the
     * amount, then 9 %, not to 0, {@code RELEASE_DECAY no data since <the end of the last window>}.
     */
    @Test
    void twoMissedWindowsAreReleasedFromTheFirstNotToZero() throws Exception {
        int last = 47;
        var h = steadyAt40Through(last);
        double held = inForce(h.extractOutputValues(), "steady", last + LEAD, 1)[0];
        int before = h.extractOutputValues().size();
        watermark(h, millis(last + 2));
        assertThat(h.extractOutputValues())
                .as("the first silent step waits for the next window or timer")
                .hasSize(before);

        watermark(h, millis(last + 3));
        List<AllocationRequest> gap =
                h.extractOutputValues().subList(before, h.extractOutputValues().size());
        assertThat(gap).hasSize(2);
        assertThat(gap.get(0).amount())
                .isCloseTo(0.3 * held, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gap.get(1).amount())
                .isCloseTo(0.09 * held, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gap)
                .allSatisfy(
                        r ->
                                assertThat(r.reason())
                                        .startsWith(
                                                "RELEASE_DECAY no data since "
                                                        + Instant.ofEpochMilli(millis(last + 1))));
        h.close();
    }

    /**
     * A window that comes only after its step's timer (its window subtask was behind while the
     * watermark went on without it) is taken whole: the first silent step is not decided at its own
     * timer. The first version bridged it there and refused the window as out of order (a parallel
     * replay under load lost windows and RECLASS moves).
     */
    @Test
    void aWindowLaterThanItsStepsTimerIsStillTaken() throws Exception {
        int last = 47;
        var h = steadyAt40Through(last);
        watermark(h, millis(last + 2));
        feed(h, window("steady", "cpu_max_pct", last + 1, 80));

        assertThat(h.getSideOutput(EntityAllocationFunction.PROVISIONED))
                .extracting(r -> r.getValue())
                .filteredOn(p -> p.window().toEpochMilli() == millis(last + 1))
                .singleElement()
                .extracting(ProvisionedStep::demand)
                .isEqualTo(80.0);
        h.close();
    }

    /**
     * The fortieth tester's network metric stopped while cpu went on: its request lapsed in the
     * pool (released by lease expiry, with the reason of its last decision), and when the entity
     * fell silent a day later the gap rule walked it from its old amount and raised it again,
     * needed by times a day past. Now it is released by the gap rule as its silent steps pass,
     * needed by times ahead of their issue, and nothing raises it afterwards.
     */
    @Test
    void aResourceWhoseMetricStopsIsReleasedByTheGapRuleWhileTheOthersGoOn() throws Exception {
        AllocationSettings two =
                AllocationHarness.cpuAnd(new ResourceSpec("net", "net_mbps", "mbps"), null);
        var h = harness(two, null);
        int stop = 60;
        int last = 120;
        for (int t = 0; t <= last; t++) {
            feed(h, window("vm", "cpu_max_pct", t, demand(1, t)));
            if (t <= stop) {
                feed(h, window("vm", "net_mbps", t, 200 + demand(2, t)));
            }
            watermark(h, millis(t + 1) - 1);
        }
        List<AllocationRequest> net =
                h.extractOutputValues().stream().filter(r -> r.resource().equals("net")).toList();
        List<AllocationRequest> afterStop =
                net.stream().filter(r -> r.issuedAt().toEpochMilli() > millis(stop + 1)).toList();
        assertThat(afterStop)
                .as("released by the gap rule while cpu goes on")
                .isNotEmpty()
                .allSatisfy(
                        r ->
                                assertThat(r.reason())
                                        .containsAnyOf("HOLD_STABILISING", "RELEASE_DECAY")
                                        .contains(
                                                "no data since "
                                                        + Instant.ofEpochMilli(millis(stop + 1))))
                .allSatisfy(r -> assertThat(r.neededBy()).isAfterOrEqualTo(r.issuedAt()));
        assertThat(afterStop.get(afterStop.size() - 1).amount()).as("down to the floor").isZero();

        int before = h.extractOutputValues().size();
        watermark(h, millis(last + 40));
        List<AllocationRequest> silent =
                h.extractOutputValues().subList(before, h.extractOutputValues().size()).stream()
                        .filter(r -> r.resource().equals("net"))
                        .toList();
        assertThat(silent)
                .as("the entity's silence raises nothing for net")
                .allSatisfy(r -> assertThat(r.amount()).isZero());
        h.close();
    }

    /** What the policy fixes for steps last+1+L .. last+gap+L when demand resumes after them. */
    private static double[] policyOverGap(int last, int gap) {
        PrescalePolicy policy = new PrescalePolicy(POLICY);
        DecisionSlot slot = new DecisionSlot();
        PrescaleState st = policy.start(0, null, slot);
        for (int t = 0; t <= last; t++) {
            policy.step(st, t, demand(1, t), slot);
        }
        double[] out = new double[gap];
        for (int m = last + 1; m <= last + gap; m++) {
            PrescaleState copy = PrescaleState.decode(st.encode());
            policy.step(copy, m + 1, 0, slot);
            out[m - last - 1] = policy.allocationFor(copy, m + LEAD);
        }
        return out;
    }

    /** A session of class "acme" teaches the class; the next one (after a restore) starts there. */
    @Test
    void anEndedSessionTeachesItsClassAndTheProfileSurvivesARestore() throws Exception {
        var h = harness(cpuOnly(), null);
        h.processElement(EntityEvent.tenantOf("a-1", "acme"), millis(0));
        for (int t = 0; t < 200; t++) {
            feed(h, window("a-1", "cpu_max_pct", t, demand(2, t)));
            watermark(h, millis(t + 1) - 1);
        }
        watermark(h, millis(220));
        Harnesses.assertKeyedEntries(h, 0, "keyed state entries");
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();

        var restored = harness(cpuOnly(), snapshot);
        restored.processElement(EntityEvent.tenantOf("a-2", "acme"), millis(300));
        feed(restored, window("a-2", "cpu_max_pct", 300, 5));
        AllocationRequest first = restored.extractOutputValues().get(0);
        assertThat(first.reason()).startsWith("COLD_START_PROFILE");
        assertThat(first.amount()).isPositive();

        feed(restored, window("b-1", "cpu_max_pct", 300, 5));
        assertThat(restored.extractOutputValues())
                .filteredOn(r -> r.entity().equals("b-1"))
                .first()
                .satisfies(r -> assertThat(r.reason()).startsWith("COLD_START_DEFAULT"));
        restored.close();
    }

    /**
     * The tester's {@code vm-1054036}: a new session of class "vm" (two resources), whose profile
     * an earlier session left, decides from the profile through its cold start: every request until
     * the learners take over is {@code COLD_START_PROFILE} at the profile's level (its demand stays
     * within it), and none is needed before it is issued. It used to send the profile's level
     * needed by the start of the window it came with (before its issue time), then at once twice
     * the window's peak as {@code COLD_START_DEFAULT}, and so for an hour.
     */
    @Test
    void aNewSessionOfAProfiledClassDecidesFromTheProfileThroughItsColdStart() throws Exception {
        AllocationSettings vm =
                AllocationHarness.cpuAnd(
                        new ResourceSpec("cpuavg", "cpu_avg_pct", "pct"), "^([a-z]+)-");
        var h = harness(vm, null);
        Random r = new Random(11);
        int t = 0;
        for (; t < 100; t++) {
            feed(h, window("vm-1", "cpu_max_pct", t, 40 + 2 * r.nextGaussian()));
            feed(h, window("vm-1", "cpu_avg_pct", t, 20 + r.nextGaussian()));
            watermark(h, millis(t + 1) - 1);
        }
        watermark(h, millis(t + 13));
        Harnesses.assertKeyedEntries(h, 0, "vm-1's session ended");

        int first = t + 20;
        for (t = first; t < first + 30; t++) {
            feed(h, window("vm-2", "cpu_max_pct", t, 30 + 2 * r.nextGaussian()));
            feed(h, window("vm-2", "cpu_avg_pct", t, 15 + r.nextGaussian()));
            watermark(h, millis(t + 1) - 1);
        }
        List<AllocationRequest> vm2 =
                h.extractOutputValues().stream().filter(q -> q.entity().equals("vm-2")).toList();
        assertThat(vm2)
                .allSatisfy(q -> assertThat(q.neededBy()).isAfterOrEqualTo(q.issuedAt()))
                .noneSatisfy(q -> assertThat(q.reason()).startsWith("COLD_START_DEFAULT"));
        for (String resource : List.of("cpu", "cpuavg")) {
            List<AllocationRequest> cold =
                    vm2.stream()
                            .filter(q -> q.resource().equals(resource))
                            .filter(q -> q.issuedAt().toEpochMilli() <= millis(first + 12))
                            .toList();
            assertThat(cold)
                    .as(resource)
                    .isNotEmpty()
                    .allSatisfy(q -> assertThat(q.reason()).startsWith("COLD_START_PROFILE"))
                    .extracting(AllocationRequest::amount)
                    .containsOnly(cold.get(0).amount());
        }
        h.close();
    }

    private static DemandGrid slice() {
        double[][] v = new double[ENTITIES][];
        for (int e = 0; e < ENTITIES; e++) {
            v[e] = Arrays.copyOf(grid.values()[e], STEPS);
        }
        return new DemandGrid(
                grid.start(), STEP, grid.entities().subList(0, ENTITIES), v, new int[ENTITIES]);
    }
}
