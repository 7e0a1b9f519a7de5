package io.prescale.operators.allocation;

import io.prescale.ml.overrides.PolicyDefaults;
import io.prescale.ml.overrides.ScopeOverride;
import io.prescale.ml.policy.PrescaleConfig;
import io.prescale.model.Feedback;
import io.prescale.model.JsonCodec;
import io.prescale.model.RawRecord;
import io.prescale.model.WindowAggregate;
import io.prescale.operators.Harnesses;
import io.prescale.operators.feedback.ReceivedHint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/** Builds harnesses of {@link EntityAllocationFunction} with generic types disabled. */
final class AllocationHarness {
    static final Duration STEP = Duration.ofMinutes(5);
    static final long STEP_MS = STEP.toMillis();
    static final Instant T0 = Instant.parse("2017-01-01T00:00:00Z");
    static final long STEP0 = T0.toEpochMilli() / STEP_MS;
    static final PrescaleConfig POLICY = PrescaleConfig.defaults(0.01, 2, 288);

    private AllocationHarness() {}

    static AllocationSettings settings(List<ResourceSpec> resources, SessionSettings session) {
        return new AllocationSettings(
                resources,
                STEP,
                Duration.ofMinutes(15),
                new PolicyDefaults("default", 0, POLICY),
                session);
    }

    static AllocationSettings cpuOnly() {
        return settings(
                List.of(new ResourceSpec("cpu", "cpu_max_pct", "pct")),
                new SessionSettings(Duration.ofMinutes(30), null, 3, 0.5));
    }

    /**
     * cpu ({@code cpu_max_pct}) and {@code second}; sessions end after an hour, the class is the
     * first group of {@code classPattern} (null: the tenant), a bottleneck moves after 3 steps.
     */
    static AllocationSettings cpuAnd(ResourceSpec second, String classPattern) {
        return settings(
                List.of(new ResourceSpec("cpu", "cpu_max_pct", "pct"), second),
                new SessionSettings(Duration.ofHours(1), classPattern, 3, 0.5));
    }

    static KeyedBroadcastOperatorTestHarness<String, EntityEvent, ScopeOverride, AllocationRequest>
            harness(AllocationSettings settings, OperatorSubtaskState restoreFrom)
                    throws Exception {
        return harness(settings, restoreFrom, Harnesses.defaultBackend());
    }

    /** As {@link #harness(AllocationSettings, OperatorSubtaskState)}, on the backend named. */
    static KeyedBroadcastOperatorTestHarness<String, EntityEvent, ScopeOverride, AllocationRequest>
            harness(AllocationSettings settings, OperatorSubtaskState restoreFrom, String backend)
                    throws Exception {
        var h =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new EntityAllocationFunction(settings),
                                List.of(EntityAllocationFunction.OVERRIDES)),
                        EntityEvent::entity,
                        Types.STRING,
                        1,
                        1,
                        0);
        return Harnesses.open(h, restoreFrom, backend);
    }

    /** Epoch milliseconds of the start of grid step {@code step} (counted from {@link #T0}). */
    static long millis(long step) {
        return (STEP0 + step) * STEP_MS;
    }

    static EntityEvent window(String entity, String metric, long step, double max) {
        Instant start = Instant.ofEpochMilli(millis(step));
        return EntityEvent.of(
                new WindowAggregate(entity, metric, start, start.plus(STEP), 1, max, max, max));
    }

    /**
     * {@code h} as decoded from its JSON in record {@code offset} of partition 0 of the feedback.
     */
    static EntityEvent received(Feedback.Hint h, long offset) {
        return EntityEvent.of(
                new ReceivedHint(
                        h,
                        new RawRecord(
                                h.entity().getBytes(StandardCharsets.UTF_8),
                                JsonCodec.encode(h),
                                "prescale.feedback",
                                0,
                                offset,
                                0)));
    }

    /** Feeds a window as the window operator emits it: timestamped at its end − 1 ms. */
    static void feed(
            KeyedBroadcastOperatorTestHarness<String, EntityEvent, ScopeOverride, AllocationRequest>
                    h,
            EntityEvent e)
            throws Exception {
        h.processElement(e, e.window().windowEnd().toEpochMilli() - 1);
    }

    /** Advances event time on both inputs to {@code millis}. */
    static void watermark(
            KeyedBroadcastOperatorTestHarness<String, EntityEvent, ScopeOverride, AllocationRequest>
                    h,
            long millis)
            throws Exception {
        h.processWatermark(millis);
        h.processBroadcastWatermark(millis);
    }

    /** The amount in force at steps {@code from .. from + n − 1}: the newest request by then. */
    static double[] inForce(List<AllocationRequest> requests, String entity, long from, int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        for (AllocationRequest r : requests) {
            if (r.entity().equals(entity)) {
                long at = RequestBuilder.stepOf(r, STEP_MS) - STEP0;
                for (long t = Math.max(from, at); t < from + n; t++) {
                    a[(int) (t - from)] = r.amount();
                }
            }
        }
        return a;
    }
}
