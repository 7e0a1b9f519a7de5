package io.prescale.ml.backtest;

import io.prescale.ml.policy.PrescaleConfig;
import io.prescale.ml.policy.PrescalePolicy;
import io.prescale.ml.policy.ReferenceConfig;
import io.prescale.ml.policy.ReferenceKind;
import io.prescale.ml.policy.ReferencePolicy;
import io.prescale.ml.trace.DemandGrid;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Runs every requested policy over a {@link DemandGrid} and scores it by the shared data README's
 * rules. The reference policies are run once at knob 1 and scaled ({@link ScaledSweep}), {@code
 * vpa-tuned} once at each of its percentiles; their reported allocation uses the smallest knob
 * whose per-entity p95 violation is within the target (a hindsight calibration prescale does not
 * get). prescale is run at the target and, for a sweep, at every level of {@link #PRESCALE_SWEEP}.
 */
public final class Backtest {
    /** Target violations prescale is swept over. */
    public static final double[] PRESCALE_SWEEP = {
        0.002, 0.004, 0.007, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.15
    };

    private Backtest() {}

    /** Progress of a run: {@code done} of {@code total} units of work. */
    public interface Progress {
        void update(String what, long done, long total);
    }

    /** The prescale configuration the backtest uses at target {@code p}. */
    public static PrescaleConfig prescaleConfig(BacktestOptions o, double p) {
        return PrescaleConfig.defaults(p, o.leadSteps(), o.stepsPerDay());
    }

    /** The baseline prescale uses in the backtest. */
    public static List<PolicyResult> run(BacktestOptions o, DemandGrid grid, Progress progress) {
        List<PolicyResult> results = new ArrayList<>();
        long total = 0;
        for (String p : o.policies()) {
            total += work(p, o, grid);
        }
        long[] done = {0};
        for (String p : o.policies()) {
            results.add(runOne(p, o, grid, total, done, progress));
        }
        return results;
    }

    private static long work(String policy, BacktestOptions o, DemandGrid grid) {
        int runs =
                switch (policy) {
                    case "prescale" -> o.sweep() ? 1 + PRESCALE_SWEEP.length : 1;
                    case "oracle" -> 1;
                    default -> percentiles(kindOf(policy)).length;
                };
        return (long) runs * grid.entities().size();
    }

    /**
     * The VPA histogram percentiles a reference policy is run at: one but for {@code vpa-tuned}.
     */
    private static double[] percentiles(ReferenceKind kind) {
        return kind == ReferenceKind.VPA_TUNED
                ? ReferenceKind.TUNED_PERCENTILES
                : new double[] {ReferenceConfig.readme(kind, 1, 1).percentile()};
    }

    private static PolicyResult runOne(
            String policy,
            BacktestOptions o,
            DemandGrid grid,
            long total,
            long[] done,
            Progress progress) {
        double[][] d = grid.values();
        long warm = o.warmupSteps();
        int day = o.stepsPerDay();
        IntConsumer tick = e -> progress.update(policy, ++done[0], total);
        switch (policy) {
            case "oracle" -> {
                double[][] a = new double[d.length][];
                for (int e = 0; e < d.length; e++) {
                    a[e] = d[e].clone();
                    tick.accept(e);
                }
                return new PolicyResult(
                        policy, 1, a, null, Scoring.score(grid, a, warm, day), null, Double.NaN);
            }
            case "prescale" -> {
                double p = o.targetViolation();
                double[][] f = new double[d.length][grid.steps()];
                double[][] a = Replay.run(new PrescalePolicy(prescaleConfig(o, p)), grid, f, tick);
                SweepResult sweep = o.sweep() ? prescaleSweep(o, grid, tick) : null;
                return new PolicyResult(
                        policy, p, a, f, Scoring.score(grid, a, warm, day), sweep, Double.NaN);
            }
            default -> {
                return reference(policy, o, grid, tick);
            }
        }
    }

    /**
     * A reference policy at the smallest knob whose per-entity p95 violation is within the target;
     * {@code vpa-tuned} at each of its percentiles, the cheapest kept, its sweep the lower envelope
     * of theirs.
     */
    private static PolicyResult reference(
            String policy, BacktestOptions o, DemandGrid grid, IntConsumer tick) {
        double[][] d = grid.values();
        ReferenceKind kind = kindOf(policy);
        ReferenceConfig config = ReferenceConfig.readme(kind, o.leadSteps(), o.stepsPerDay());
        ScoredSteps scored = ScoredSteps.of(grid, o.warmupSteps());
        PolicyResult best = null;
        List<SweepResult> sweeps = new ArrayList<>();
        for (double q : percentiles(kind)) {
            double[][] base = Replay.run(new ReferencePolicy(config.withPercentile(q)), grid, tick);
            double k = ScaledSweep.knobFor(d, base, scored, o.targetViolation());
            double[][] a = new double[d.length][];
            for (int e = 0; e < d.length; e++) {
                a[e] = base[e].clone();
                for (int t = 0; t < a[e].length; t++) {
                    a[e][t] *= k;
                }
            }
            Score score = Scoring.score(grid, a, o.warmupSteps(), o.stepsPerDay());
            if (o.sweep()) {
                sweeps.add(ScaledSweep.sweep(d, base, scored));
            }
            double tuned = kind == ReferenceKind.VPA_TUNED ? q : Double.NaN;
            if (best == null || score.cost() < best.score().cost()) {
                best = new PolicyResult(policy, k, a, null, score, null, tuned);
            }
        }
        return best.withSweep(o.sweep() ? SweepResult.lowerEnvelope(sweeps) : null);
    }

    private static SweepResult prescaleSweep(BacktestOptions o, DemandGrid grid, IntConsumer tick) {
        List<double[]> pooled = new ArrayList<>();
        List<double[]> perEntity = new ArrayList<>();
        for (double p : PRESCALE_SWEEP) {
            double[][] a = Replay.run(new PrescalePolicy(prescaleConfig(o, p)), grid, tick);
            Score s = Scoring.score(grid, a, o.warmupSteps(), o.stepsPerDay());
            pooled.add(new double[] {s.pooledViolation(), s.cost()});
            perEntity.add(new double[] {s.perEntityP95(), s.cost()});
        }
        return new SweepResult(Curve.of(pooled), Curve.of(perEntity), PRESCALE_SWEEP.length);
    }

    /** {@link PolicyResult#knobName()} of the oracle, which has no knob. */
    static final String NO_KNOB = "none";

    /** What a policy's knob is: its target p, a reference policy's multiplier, or none. */
    static String knobName(String policy) {
        return switch (policy) {
            case "prescale" -> "p";
            case "oracle" -> NO_KNOB;
            default -> kindOf(policy).knobName();
        };
    }

    static ReferenceKind kindOf(String policy) {
        for (ReferenceKind k : ReferenceKind.values()) {
            if (k.policyName().equals(policy)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown policy " + policy);
    }
}
