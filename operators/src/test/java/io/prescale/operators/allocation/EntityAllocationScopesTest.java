package io.prescale.operators.allocation;

import static io.prescale.operators.allocation.AllocationHarness.cpuOnly;
import static io.prescale.operators.allocation.AllocationHarness.feed;
import static io.prescale.operators.allocation.AllocationHarness.harness;
import static io.prescale.operators.allocation.AllocationHarness.millis;
import static io.prescale.operators.allocation.AllocationHarness.received;
import static io.prescale.operators.allocation.AllocationHarness.watermark;
import static io.prescale.operators.allocation.AllocationHarness.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.prescale.ml.overrides.ScopeOverride;
import io.prescale.model.DeadLetter;
import io.prescale.model.Feedback;
import io.prescale.model.JsonCodec;
import io.prescale.model.PolicyOverride;
import io.prescale.model.RawRecord;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import io.prescale.operators.Harnesses;
import io.prescale.operators.feedback.ReceivedHint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;

/** Overrides (broadcast), hints and the bottleneck of a session with several resources. */
class EntityAllocationScopesTest {
    private static final String CPU = "cpu_max_pct";
    private static final String AVG = "cpu_avg_pct";

    private static double wave(Random r, int t) {
        return 30 + 10 * Math.sin(t / 10.0) + 2 * r.nextGaussian();
    }

    private static ScopeOverride override(PolicyOverride o) {
        return ScopeOverride.of(o);
    }

    private static PolicyOverride poolOf(String entity, String pool) {
        return new PolicyOverride(entity, null, null, null, null, null, null, null, null, pool);
    }

    /**
     * An override moves "vm" from the default pool to "batch" at step 10: at its next window it
     * sends the default pool a leave (amount 0, reason "MOVED to pool batch", needed by the step
     * its new request is needed by) and "batch" its request, although the amount held (steady
     * demand: nothing would be sent otherwise); then only "batch" hears from it. It keeps its pool
     * (in its session) across a restore, and moving back leaves "batch".
     */
    @Test
    void anEntityThatMovesLeavesItsOldPoolAndAsksItsNewOneAtOnce() throws Exception {
        // a lease of a day: a steady amount is not renewed within the test
        AllocationSettings longLease =
                new AllocationSettings(
                        cpuOnly().resources(),
                        AllocationHarness.STEP,
                        Duration.ofDays(1),
                        cpuOnly().defaults(),
                        cpuOnly().session());
        var h = harness(longLease, null);
        for (int t = 0; t < 40; t++) {
            feed(h, window("vm", CPU, t, 30));
        }
        List<AllocationRequest> before = h.extractOutputValues();
        assertThat(before).allMatch(q -> q.pool().equals("default"));
        double held = before.get(before.size() - 1).amount();
        h.getOutput().clear();
        feed(h, window("vm", CPU, 40, 30));
        assertThat(h.extractOutputValues()).as("steady: nothing to ask").isEmpty();

        h.processBroadcastElement(ScopeOverride.of(poolOf("vm", "batch")), 0);
        feed(h, window("vm", CPU, 41, 30));
        List<AllocationRequest> moved = h.extractOutputValues();
        assertThat(moved)
                .extracting(q -> q.pool() + " " + q.amount() + " " + q.leaves())
                .containsExactly("default 0.0 true", "batch " + held + " false");
        assertThat(moved.get(0).reason()).isEqualTo("MOVED to pool batch");
        assertThat(moved.get(0).neededBy()).isEqualTo(moved.get(1).neededBy());
        assertThat(moved.get(0).neededBy().toEpochMilli()).isEqualTo(millis(41 + 2));
        h.getOutput().clear();

        for (int t = 42; t < 50; t++) {
            feed(h, window("vm", CPU, t, 30 + t));
        }
        assertThat(h.extractOutputValues())
                .isNotEmpty()
                .allMatch(q -> q.pool().equals("batch") && !q.leaves());
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();

        var restored = harness(longLease, snapshot);
        feed(restored, window("vm", CPU, 50, 90));
        assertThat(restored.extractOutputValues()).allMatch(q -> q.pool().equals("batch"));
        restored.getOutput().clear();
        restored.processBroadcastElement(ScopeOverride.removal("vm"), 0);
        feed(restored, window("vm", CPU, 51, 90));
        assertThat(restored.extractOutputValues())
                .extracting(q -> q.pool() + " " + q.leaves())
                .containsExactly("batch true", "default false");
        restored.close();
    }

    /**
     * A checkpoint written before the session kept the entity's pool restores
     * (resources/allocation/README.md): "vm-a", in the default pool, goes on as before; "vm-b", in
     * "batch" by an override, is taken to come from the default pool, so its first window sends
     * that pool a leave (which changes nothing there) and "batch" its request; then only "batch".
     * On the heap: a checkpoint restores only into its own backend's format.
     */
    @Test
    void aCheckpointFromBeforeTheSessionKeptItsPoolRestores() throws Exception {
        var h =
                harness(
                        cpuOnly(),
                        OperatorSnapshotUtil.readStateHandle(
                                Path.of(
                                                EntityAllocationScopesTest.class
                                                        .getResource(
                                                                "/allocation/allocation-session-without-pool.snapshot")
                                                        .toURI())
                                        .toString()),
                        "hashmap");
        for (int t = 20; t < 23; t++) {
            feed(h, window("vm-a", CPU, t, 30 + 10 * t));
            feed(h, window("vm-b", CPU, t, 30 + 10 * t));
        }
        List<AllocationRequest> out = h.extractOutputValues();
        assertThat(out)
                .filteredOn(q -> q.entity().equals("vm-a"))
                .isNotEmpty()
                .allMatch(q -> q.pool().equals("default") && !q.leaves());
        assertThat(out)
                .filteredOn(q -> q.entity().equals("vm-b"))
                .extracting(q -> q.pool() + " " + q.leaves())
                .startsWith("default true", "batch false")
                .containsOnlyOnce("default true")
                .hasSizeGreaterThan(2);
        h.close();
    }

    @Test
    void entityOverridesWinOverTenantOverridesAndDisabledEntitiesRequestNothing() throws Exception {
        var h = harness(cpuOnly(), null);
        h.processBroadcastElement(
                override(
                        new PolicyOverride(
                                "tenant:acme",
                                2,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                "batch")),
                0);
        h.processBroadcastElement(
                override(new PolicyOverride("a-2", 1, 50.0, null, 5.0, null, null, null, null)), 0);
        h.processBroadcastElement(
                override(
                        new PolicyOverride("a-3", null, null, null, null, null, null, null, false)),
                0);
        for (String e : List.of("a-1", "a-2", "a-3", "b-1")) {
            h.processElement(EntityEvent.tenantOf(e, e.startsWith("a") ? "acme" : "other"), 0);
        }
        Random r = new Random(5);
        for (int t = 0; t < 60; t++) {
            double d = wave(r, t);
            for (String e : List.of("a-1", "a-2", "a-3", "b-1")) {
                feed(h, window(e, CPU, t, d));
            }
        }
        List<AllocationRequest> out = h.extractOutputValues();
        assertThat(out)
                .filteredOn(q -> q.entity().equals("a-1"))
                .isNotEmpty()
                .allSatisfy(q -> assertThat(q.pool() + "/" + q.tier()).isEqualTo("batch/2"));
        assertThat(out)
                .filteredOn(q -> q.entity().equals("a-2"))
                .isNotEmpty()
                .allSatisfy(
                        q -> {
                            assertThat(q.pool() + "/" + q.tier()).isEqualTo("batch/1");
                            assertThat(q.floor()).isEqualTo(50);
                            assertThat(q.amount() % 5).isZero();
                        });
        assertThat(out).filteredOn(q -> q.entity().equals("a-3")).isEmpty();
        assertThat(out)
                .filteredOn(q -> q.entity().equals("b-1"))
                .isNotEmpty()
                .allSatisfy(q -> assertThat(q.pool() + "/" + q.tier()).isEqualTo("default/0"));

        h.processBroadcastElement(ScopeOverride.removal("a-3"), 0);
        feed(h, window("a-3", CPU, 60, 30));
        assertThat(h.extractOutputValues())
                .filteredOn(q -> q.entity().equals("a-3"))
                .as("re-enabled: the next decision goes out")
                .hasSize(1);
        h.close();
    }

    @Test
    void aHintRaisesTheDecisionsItCoversAndSurvivesARestore() throws Exception {
        var h = harness(cpuOnly(), null);
        Instant from = Instant.ofEpochMilli(millis(40));
        Instant to = Instant.ofEpochMilli(millis(45));
        h.processElement(received(new Feedback.Hint("vm", CPU, 400, from, to), 0), millis(1));
        Random r = new Random(9);
        for (int t = 0; t < 30; t++) {
            feed(h, window("vm", CPU, t, wave(r, t)));
        }
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();
        var restored = harness(cpuOnly(), snapshot);
        Harnesses.assertKeyedEntries(restored, 3, "session, resource, one hint");
        for (int t = 30; t < 60; t++) {
            feed(restored, window("vm", CPU, t, wave(r, t)));
        }
        List<AllocationRequest> hinted =
                restored.extractOutputValues().stream()
                        .filter(q -> q.reason().startsWith("HINT"))
                        .toList();
        assertThat(hinted)
                .isNotEmpty()
                .allSatisfy(
                        q -> {
                            assertThat(q.amount()).isEqualTo(400);
                            assertThat(q.neededBy()).isBetween(from, to.minusMillis(1));
                            assertThat(q.speculative()).isGreaterThan(300);
                        });
        AllocationRequest after =
                restored.extractOutputValues().stream()
                        .filter(q -> !q.neededBy().isBefore(to))
                        .findFirst()
                        .orElseThrow();
        assertThat(after.amount()).as("back to the policy after the hint").isLessThan(200);
        restored.close();
    }

    /**
     * A hinted 400 holds while the policy's own amount under it rises: its firm part is sent again
     * at every step, not only at the renewals (every other step here), which left a short pool the
     * policy's amount of up to half a lease before (the ninety-ninth tester).
     */
    @Test
    void aHintedAmountThatHoldsIsSentAgainWhenItsFirmPartMoves() throws Exception {
        var h = harness(cpuOnly(), null);
        h.processElement(received(hint(40, 45), 0), millis(1));
        for (int t = 0; t < 50; t++) {
            feed(h, window("vm", CPU, t, 30 + 2 * t));
        }
        List<AllocationRequest> hinted =
                h.extractOutputValues().stream()
                        .filter(q -> q.reason().startsWith("HINT"))
                        .toList();
        assertThat(hinted).extracting(AllocationRequest::amount).containsOnly(400.0);
        assertThat(hinted)
                .extracting(AllocationRequest::neededBy)
                .as("one request a step of the hint")
                .doesNotHaveDuplicates()
                .hasSize(5);
        assertThat(hinted)
                .extracting(AllocationRequest::speculative)
                .as("each with its step's speculative part")
                .doesNotHaveDuplicates();
        h.close();
    }

    /** A hint of 400 for vm's cpu over steps {@code from .. to − 1}. */
    private static Feedback.Hint hint(long from, long to) {
        return new Feedback.Hint(
                "vm",
                CPU,
                400,
                Instant.ofEpochMilli(millis(from)),
                Instant.ofEpochMilli(millis(to)));
    }

    @Test
    void aHintThatEndedBeforeItArrivedIsDeadLetteredAsReceivedNotKept() throws Exception {
        var h = harness(cpuOnly(), null);
        Random r = new Random(9);
        for (int t = 0; t < 20; t++) {
            feed(h, window("vm", CPU, t, wave(r, t)));
        }
        watermark(h, millis(20));
        int before = Harnesses.onHeap(h) ? Harnesses.keyedEntries(h) : 0;
        Feedback.Hint past = hint(5, 8);
        // as a client may send it: laid out otherwise than the job would encode it
        byte[] sent =
                new String(JsonCodec.encode(past), StandardCharsets.UTF_8)
                        .replace(",", ", ")
                        .getBytes(StandardCharsets.UTF_8);
        RawRecord raw = new RawRecord(new byte[] {'k'}, sent, "prescale.feedback", 2, 41, 7);
        h.processElement(EntityEvent.of(new ReceivedHint(past, raw)), millis(20));
        Feedback.Hint endingNow = hint(15, 20);
        h.processElement(received(endingNow, 42), millis(20));

        var dead = h.getSideOutput(EntityAllocationFunction.EXPIRED_HINTS);
        assertThat(dead).hasSize(2);
        AllocationMetrics counted =
                ((EntityAllocationFunction)
                                ((CoBroadcastWithKeyedOperator<?, ?, ?, ?>) h.getOperator())
                                        .getUserFunction())
                        .metrics;
        assertThat(counted.hintsExpired.getCount()).isEqualTo(2);
        assertThat(counted.deadLettered.getCount()).as("as every dead letter").isEqualTo(2);
        DeadLetter first = dead.peek().getValue();
        assertThat(first.reason())
                .contains("hint ended at " + past.to())
                .contains("event time for vm is already at " + Instant.ofEpochMilli(millis(20)));
        assertThat(first)
                .as("the record as received: its key, bytes, topic, partition and offset")
                .extracting(
                        DeadLetter::key,
                        DeadLetter::value,
                        DeadLetter::topic,
                        DeadLetter::partition,
                        DeadLetter::offset)
                .containsExactly(new byte[] {'k'}, sent, "prescale.feedback", 2, 41L);
        Harnesses.assertKeyedEntries(h, before, "nothing kept");

        Feedback.Hint coming = hint(20, 25);
        h.processElement(received(coming, 43), millis(20));
        assertThat(h.getSideOutput(EntityAllocationFunction.EXPIRED_HINTS)).hasSize(2);
        Harnesses.assertKeyedEntries(h, before + 1, "a hint still to come is kept");
        h.close();
    }

    @Test
    void aMovingBottleneckGetsAReclassCommand() throws Exception {
        var h =
                harness(
                        AllocationHarness.cpuAnd(
                                new ResourceSpec("network", "net_mbps", "mbps"), null),
                        null);
        Random r = new Random(3);
        double cpu = 10;
        double net = 10;
        for (int t = 0; t < 120; t++) {
            // CPU climbs first (the allocation trails it: high pressure), then the network does
            cpu = t < 60 ? cpu * 1.06 : 60 + r.nextGaussian();
            net = t < 60 ? 10 + r.nextGaussian() : net * 1.06;
            feed(h, window("vm", CPU, t, cpu));
            feed(h, window("vm", "net_mbps", t, net));
            watermark(h, millis(t + 1) - 1);
        }
        List<ScaleCommand> reclass = reclassOf(h);
        assertThat(reclass).isNotEmpty();
        ScaleCommand c = reclass.get(reclass.size() - 1);
        assertThat(c.action()).isEqualTo(ScaleAction.RECLASS);
        assertThat(c.resource()).isEqualTo(Reclassification.RESOURCE);
        assertThat(c.reason()).startsWith("RECLASS bottleneck cpu -> network");
        assertThat(c.neededBy()).isAfter(Instant.ofEpochMilli(millis(60)));
        assertThat(reclass).extracting(ScaleCommand::version).isSorted().doesNotHaveDuplicates();
        // the pressures said are those of the step compared, the one before the move's, against
        // the allocation that window ran under, as provisioning has it (they were against the
        // latest decision, for a later step; the hundred-and-eighteenth tester)
        Instant compared = c.neededBy().minus(AllocationHarness.STEP);
        String said =
                h.getSideOutput(EntityAllocationFunction.PROVISIONED).stream()
                        .map(StreamRecord::getValue)
                        .filter(p -> p.window().equals(compared))
                        .sorted(Comparator.comparing(ProvisionedStep::resource))
                        .map(
                                p ->
                                        String.format(
                                                Locale.ROOT,
                                                "%s=%.3f",
                                                p.resource(),
                                                p.demand() / p.allocated()))
                        .collect(Collectors.joining(", "));
        assertThat(c.reason()).endsWith("(pressure " + said + ")");
        assertThat(h.extractOutputValues())
                .extracting(AllocationRequest::resource)
                .contains("cpu", "network");
        h.close();
    }

    /**
     * The tester's rc-1 at parallelism 2: cpu is the confirmed bottleneck and keeps leading, but
     * its windows reach the operator a step behind cpuavg's (another window subtask). A step is
     * compared once the watermark says its windows are all in, so cpu's late windows count: no
     * RECLASS to cpuavg (the first code sent {@code RECLASS bottleneck cpu -> cpuavg (pressure
     * cpu=NaN, ...)} after three such steps). When cpuavg does climb, the move is sent, both
     * pressures known.
     */
    @Test
    void aStepIsComparedOnceItsWindowsAreAllIn() throws Exception {
        var h =
                harness(
                        AllocationHarness.cpuAnd(new ResourceSpec("cpuavg", AVG, "pct"), null),
                        null);
        Random r = new Random(5);
        // cpu: steady with little noise, so its allocation is close above it (pressure about 1);
        // cpuavg: noisier, so its allocation keeps a margin (pressure about 0.8)
        for (int t = 0; t < 40; t++) {
            feed(h, window("vm", CPU, t, 50 + 0.3 * r.nextGaussian()));
            feed(h, window("vm", AVG, t, 10 + r.nextGaussian()));
            watermark(h, millis(t + 1) - 1);
        }
        assertThat(reclassOf(h)).as("cpu led from the start: classified, not moved").isEmpty();
        for (int t = 40; t < 60; t++) {
            feed(h, window("vm", AVG, t, 10 + r.nextGaussian()));
            if (t > 40) {
                feed(h, window("vm", CPU, t - 1, 50 + 0.3 * r.nextGaussian()));
                watermark(h, millis(t) - 1);
            }
        }
        feed(h, window("vm", CPU, 59, 50 + 0.3 * r.nextGaussian()));
        watermark(h, millis(60) - 1);
        assertThat(reclassOf(h)).as("cpu late, still leading").isEmpty();

        double avg = 10;
        for (int t = 60; t < 120; t++) {
            avg *= 1.15;
            feed(h, window("vm", CPU, t, 20 + 0.3 * r.nextGaussian()));
            feed(h, window("vm", AVG, t, avg));
            watermark(h, millis(t + 1) - 1);
        }
        List<ScaleCommand> moved = reclassOf(h);
        assertThat(moved).isNotEmpty();
        assertThat(moved.get(0).reason())
                .startsWith("RECLASS bottleneck cpu -> cpuavg (pressure cpu=")
                .doesNotContainIgnoringCase("nan");
        h.close();
    }

    /**
     * A replay at parallelism 2: one metric's window subtask runs many steps ahead of the other's,
     * so the entity's windows come a resource at a time, dozens of steps apart. The move is found
     * as at parallelism 1, at the same step and with the same pressures: each step is compared when
     * the watermark says it is whole, from the pressures kept per step. (Compared when the entity's
     * next step began, with one pressure kept per resource, hardly any step had both: the
     * twenty-fifth session's tester saw 2 RECLASS of 6.)
     */
    @Test
    void aMoveIsFoundWhenOneMetricRunsStepsAhead() throws Exception {
        AllocationSettings two =
                AllocationHarness.cpuAnd(new ResourceSpec("network", "net_mbps", "mbps"), null);
        var inOrder = harness(two, null);
        var apart = harness(two, null);
        double[] cpu = new double[120];
        double[] net = new double[120];
        Random r = new Random(3);
        cpu[0] = 10;
        net[0] = 10;
        for (int t = 1; t < 120; t++) {
            cpu[t] = t < 60 ? cpu[t - 1] * 1.06 : 60 + r.nextGaussian();
            net[t] = t < 60 ? 10 + r.nextGaussian() : net[t - 1] * 1.06;
        }
        for (int t = 0; t < 120; t++) {
            feed(inOrder, window("vm", CPU, t, cpu[t]));
            feed(inOrder, window("vm", "net_mbps", t, net[t]));
            watermark(inOrder, millis(t + 1) - 1);
        }
        for (int block = 0; block < 120; block += 40) {
            for (int t = block; t < block + 40; t++) {
                feed(apart, window("vm", CPU, t, cpu[t]));
            }
            for (int t = block; t < block + 40; t++) {
                feed(apart, window("vm", "net_mbps", t, net[t]));
            }
            watermark(apart, millis(block + 40) - 1);
        }
        List<ScaleCommand> expected = reclassOf(inOrder);
        assertThat(expected).extracting(ScaleCommand::reason).isNotEmpty();
        assertThat(reclassOf(apart))
                .extracting(ScaleCommand::reason, ScaleCommand::version)
                .containsExactlyElementsOf(
                        expected.stream().map(c -> tuple(c.reason(), c.version())).toList());
        inOrder.close();
        apart.close();
    }

    private static List<ScaleCommand> reclassOf(
            KeyedBroadcastOperatorTestHarness<String, EntityEvent, ScopeOverride, AllocationRequest>
                    h) {
        var out = h.getSideOutput(EntityAllocationFunction.RECLASS);
        return out == null
                ? List.of()
                : out.stream().map(x -> (ScaleCommand) x.getValue()).toList();
    }
}
