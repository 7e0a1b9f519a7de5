package io.prescale.operators.allocation;

import static io.prescale.operators.allocation.AllocationHarness.POLICY;
import static io.prescale.operators.allocation.AllocationHarness.STEP;
import static io.prescale.operators.allocation.AllocationHarness.feed;
import static io.prescale.operators.allocation.AllocationHarness.harness;
import static io.prescale.operators.allocation.AllocationHarness.millis;
import static io.prescale.operators.allocation.AllocationHarness.watermark;
import static io.prescale.operators.allocation.AllocationHarness.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.overrides.PolicyDefaults;
import io.prescale.ml.overrides.ScopeOverride;
import io.prescale.ml.policy.Limits;
import io.prescale.ml.policy.PrescaleConfig;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import io.prescale.operators.capacity.ArbiterOperator;
import io.prescale.operators.capacity.ArbiterSettings;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The allocation operator and the capacity arbiter together, for an entity with a floor ({@code
 * min} 5) that falls silent: the arbiter's lease of its amount never lapses while the job still
 * decides for it, and the session's end releases it once, to 0.
 */
class SilentEntityLeaseTest {
    private static final int LAST = 47;

    private static AllocationSettings withFloor() {
        PrescaleConfig p = POLICY;
        PrescaleConfig floored =
                new PrescaleConfig(
                        p.targetViolation(),
                        p.leadSteps(),
                        p.halfLifeSteps(),
                        p.feedbackGain(),
                        p.confidenceThreshold(),
                        p.stabilisationSteps(),
                        p.releaseFactor(),
                        p.tolerance(),
                        new Limits(5, Double.POSITIVE_INFINITY, 0, Double.POSITIVE_INFINITY),
                        p.defaultAllocation(),
                        p.stepsPerDay());
        return new AllocationSettings(
                List.of(new ResourceSpec("cpu", "cpu_max_pct", "pct")),
                STEP,
                Duration.ofMinutes(15),
                new PolicyDefaults("free", 0, floored),
                new SessionSettings(Duration.ofHours(1), null, 3, 0.5));
    }

    /** Steps 0..LAST of demand 40, each followed by the watermark past its window. */
    private static KeyedBroadcastOperatorTestHarness<
                    String, EntityEvent, ScopeOverride, AllocationRequest>
            steadyAt40() throws Exception {
        var h = harness(withFloor(), null);
        for (int t = 0; t <= LAST; t++) {
            feed(h, window("gp-1", "cpu_max_pct", t, 40));
            watermark(h, millis(t + 1) - 1);
        }
        return h;
    }

    /** What the arbiter of an unlimited pool commands for the job's output, in its order. */
    private static List<ScaleCommand> arbitrated(
            KeyedBroadcastOperatorTestHarness<String, EntityEvent, ScopeOverride, AllocationRequest>
                    job)
            throws Exception {
        var arbiter =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new ArbiterOperator(ArbiterSettings.unlimited(STEP)),
                        AllocationRequest::poolKey,
                        Types.STRING);
        arbiter.open();
        for (Object o : job.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                @SuppressWarnings("unchecked")
                StreamRecord<AllocationRequest> request = (StreamRecord<AllocationRequest>) r;
                arbiter.processElement(request);
            } else if (o instanceof Watermark w) {
                arbiter.processWatermark(w);
            }
        }
        List<ScaleCommand> commands = arbiter.extractOutputValues();
        arbiter.close();
        return commands;
    }

    /**
     * Event time stalls over five silent windows (no other entity moves the watermark), then the
     * next window comes with the watermark past it: the window reaches the job before the
     * watermark, so the step timers over the spell never fire, and the job's request for the window
     * is stamped after the last request's lease expired. The arbiter holds the grant until that
     * request takes over; it released it to 0 ({@code LEASE_EXPIRED}) and the window raised it
     * again a round later.
     */
    @Test
    void aWatermarkJumpOverASilentSpellDoesNotLapseTheLease() throws Exception {
        var h = steadyAt40();
        int resume = LAST + 6;
        feed(h, window("gp-1", "cpu_max_pct", resume, 40));
        watermark(h, millis(resume + 1) - 1);
        List<ScaleCommand> commands = arbitrated(h);
        h.close();
        assertThat(commands).isNotEmpty();
        assertThat(commands).noneMatch(c -> c.reason().contains("LEASE_EXPIRED"));
        assertThat(commands).noneMatch(c -> c.targetAmount() == 0);
    }

    /**
     * As above, but the silence outlasts the session's inactivity timeout (1 h): the window that
     * ends it ends the session first, as the timer would have ({@code SESSION_END}, to 0, stamped
     * at that timer's time), and starts a new one. The silent steps before the end are taken as
     * their timers would have: the gap rule releases the amount, the pool renews what holds until
     * the end, and no lease lapses ({@code LEASE_EXPIRED} released it at its expiry before, while
     * the session lived). The session lived on through any silence whose timers the watermark
     * jumped over.
     */
    @Test
    void aWatermarkJumpOverTheInactivityTimeoutEndsTheSessionFirst() throws Exception {
        var h = steadyAt40();
        int resume = LAST + 13 + 5;
        feed(h, window("gp-1", "cpu_max_pct", resume, 40));
        watermark(h, millis(resume + 1) - 1);
        List<AllocationRequest> requests = h.extractOutputValues();
        assertThat(requests)
                .filteredOn(r -> r.reason().startsWith("SESSION_END"))
                .singleElement()
                .satisfies(r -> assertThat(r.amount()).isZero());
        assertThat(requests.get(requests.size() - 1).reason()).doesNotStartWith("SESSION_END");
        List<ScaleCommand> commands = arbitrated(h);
        h.close();
        assertThat(commands).noneMatch(c -> c.reason().contains("LEASE_EXPIRED"));
        assertThat(commands)
                .filteredOn(c -> c.targetAmount() == 0)
                .singleElement()
                .satisfies(c -> assertThat(c.reason()).contains("SESSION_END"));
        assertThat(commands.get(commands.size() - 1).targetAmount()).isPositive();
    }

    /**
     * Silent until the session ends: the gap decays the amount to the floor, which is renewed every
     * half lease while the session lives; the session's end releases it to 0, one command, and the
     * lease lapses with nothing left to release. It ended at the floor (5, {@code SESSION_END}),
     * which was released again to 0 by the lapse twenty minutes later ({@code LEASE_EXPIRED}).
     */
    @Test
    void aSilentEntitysFloorIsRenewedUntilTheSessionEndsAndTheEndReleasesItToZero()
            throws Exception {
        var h = steadyAt40();
        for (int t = LAST + 1; t <= LAST + 12 + 1 + 12; t++) {
            watermark(h, millis(t + 1));
        }
        List<AllocationRequest> requests = h.extractOutputValues();
        AllocationRequest end = requests.get(requests.size() - 1);
        assertThat(end.reason()).startsWith("SESSION_END");
        assertThat(end.amount()).isZero();
        assertThat(end.floor()).isZero();
        for (int i = 1; i < requests.size(); i++) {
            assertThat(requests.get(i).neededBy())
                    .as("request %d", i)
                    .isBefore(requests.get(i - 1).leaseExpiry());
        }
        List<ScaleCommand> commands = arbitrated(h);
        h.close();
        ScaleCommand last = commands.get(commands.size() - 1);
        assertThat(last.action()).isEqualTo(ScaleAction.RELEASE);
        assertThat(last.targetAmount()).isZero();
        assertThat(last.reason()).contains("SESSION_END");
        assertThat(commands).noneMatch(c -> c.reason().contains("LEASE_EXPIRED"));
        assertThat(commands)
                .filteredOn(c -> c.action() == ScaleAction.RENEW)
                .anyMatch(c -> c.targetAmount() == 5);
    }
}
