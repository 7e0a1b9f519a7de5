package io.prescale.ml.session;

import io.prescale.ml.policy.PrescaleConfig;
import io.prescale.ml.policy.PrescalePolicy;
import io.prescale.ml.policy.PrescaleState;

/**
 * What the {@link PrescalePolicy} does over grid steps that bring no data, taken one step at a time
 * so that a timer can act as each missing step passes instead of when data resumes. It mirrors the
 * policy's documented gap rule (it does not change the policy state: the policy replays the same
 * gap itself when the next step arrives, and decides the same amounts):
 *
 * <pre>
 *   for a missing step g:  a ← a                                  if g &lt; leaseExpiry
 *                          a ← limits(a, min)                      if g ≥ from + k − 1
 *                          a ← limits(a, min + (a − min)(1 − r))   otherwise
 *   from = max(leaseExpiry, first missing step of the gap)
 *   and a is the allocation for g + L,  k = ⌈ln τ / ln(1 − r)⌉
 * </pre>
 *
 * with {@code min} the floor of the limits, {@code r} the release factor, τ the policy's tolerance
 * (at least {@value #SMALLEST_SHARE}), {@code leaseExpiry} the step of the state's lease ({@link
 * PrescaleState#steps()}{@code [2]}), L the lead. Nothing renews the lease while no data arrives,
 * so after it expires the allocation decays geometrically towards the floor, and at the k-th
 * release step of the gap, when what the decay would leave above the floor is at most τ of what was
 * there when the release began, it goes to the floor. So a silent entity is released in k steps (3
 * with the defaults) rather than approaching the floor for ever, with a change, and so a command,
 * at every step. The k steps count from the later of the lease expiry and the gap's first missing
 * step: the lease of an entity long steady at a level expired long ago (it is renewed only while
 * the forecast is at or above the allocation), and counted from there its first missing step was
 * already past k and went to the floor at once (40 → 0 for one missed window).
 */
public final class GapRelease {
    /** Index of the lease expiry step in {@link PrescaleState#steps()}. */
    private static final int LEASE = 2;

    /** The smallest share of the excess at expiry that the decay leaves before the floor. */
    static final double SMALLEST_SHARE = 1e-3;

    private GapRelease() {}

    /** The step from which an allocation of {@code state} may be released when not renewed. */
    public static long leaseExpiryStep(PrescaleState state) {
        return state.steps()[LEASE];
    }

    /**
     * The allocation after the missing step {@code gridStep} of a gap whose first missing step is
     * {@code firstMissingStep}, given the allocation {@code current} before it; unchanged while the
     * lease holds.
     */
    public static double afterMissingStep(
            PrescaleConfig config,
            double current,
            long gridStep,
            long leaseExpiryStep,
            long firstMissingStep) {
        if (gridStep < leaseExpiryStep) {
            return current;
        }
        long from = Math.max(leaseExpiryStep, firstMissingStep);
        return config.limits().apply(current, towardsFloor(config, current, gridStep, from));
    }

    /**
     * The release step's wanted allocation (before the limits) at {@code gridStep} of a release
     * that began at {@code releaseStart}: decayed towards the floor, or the floor itself from the
     * k-th release step on. A gap's release begins at the later of the lease expiry and its first
     * missing step ({@link #afterMissingStep}). The policy releases live data towards a forecast at
     * or below the floor the same way, counted from the lease expiry (an idle entity's demand of 0
     * decayed 3.0, 0.9 … 1e-300 with a change every step before): there the allocation has followed
     * the falling forecast down since the lease expired, so when the forecast reaches the floor it
     * is already within the tolerance of it, and the floor ends a release in progress (an entity
     * steady at 40 whose demand drops to 0 is released over about 70 steps, by 0.02 at the last).
     */
    public static double towardsFloor(
            PrescaleConfig config, double current, long gridStep, long releaseStart) {
        double floor = config.limits().min();
        return gridStep - releaseStart + 1 >= releaseSteps(config)
                ? floor
                : floor + (current - floor) * (1 - config.releaseFactor());
    }

    /**
     * k: the release step at which the allocation goes to the floor, the first whose geometric
     * decay would leave at most τ of the excess at expiry; 1 when the release factor is 1.
     */
    static int releaseSteps(PrescaleConfig config) {
        double keep = 1 - config.releaseFactor();
        if (keep <= 0) {
            return 1;
        }
        double share = Math.max(config.tolerance(), SMALLEST_SHARE);
        return Math.max(1, (int) Math.ceil(Math.log(share) / Math.log(keep) - 1e-9));
    }
}
