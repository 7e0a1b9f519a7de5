package io.prescale.benchmarks.job;

import io.prescale.ml.policy.DecisionSlot;
import io.prescale.ml.policy.PrescaleConfig;
import io.prescale.ml.policy.PrescalePolicy;
import io.prescale.ml.policy.PrescaleState;
import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.TraceReader;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Bytes of the allocation policy's per-entity state ({@link PrescaleState#encode()}, the snapshot
 * size per key) after replaying a whole trace. Usage: {@code PolicyStateSize TRACE METRIC}.
 */
public final class PolicyStateSize {
    private PolicyStateSize() {}

    public static void main(String[] args) {
        DemandGrid g = TraceReader.read(Path.of(args[0]), args[1], Duration.ofMinutes(5));
        PrescalePolicy policy = new PrescalePolicy(PrescaleConfig.defaults(0.01, 2, 288));
        DecisionSlot slot = new DecisionSlot();
        long total = 0;
        int max = 0;
        for (int e = 0; e < g.entities().size(); e++) {
            PrescaleState s = policy.start(0, null, slot);
            for (int t = 0; t < g.steps(); t++) {
                policy.step(s, t, g.values()[e][t], slot);
            }
            int bytes = s.encode().length;
            total += bytes;
            max = Math.max(max, bytes);
        }
        System.out.printf(
                "%s %s: policy state per entity mean %d bytes, max %d bytes (%d entities)%n",
                args[0], args[1], total / g.entities().size(), max, g.entities().size());
    }
}
