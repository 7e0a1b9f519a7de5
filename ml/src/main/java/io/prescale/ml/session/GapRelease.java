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
 *                          a ← limits(a, min)                      if g ≥ leaseExpiry + k − 1
 *                          a ← limits(a, min + (a − min)(1 − r))   otherwise
 *   and a is the allocation for g + L,  k = ⌈ln τ / ln(1 − r)⌉
 * </pre>
 *
 * with {@code min} the floor of the limits, {@code r} the release factor, τ the policy's tolerance
 * (at least {@value #SMALLEST_SHARE}), {@code leaseExpiry} the step of the state's lease ({@link
 * PrescaleState#steps()}{@code [2]}), L the lead. Nothing renews the lease while no data arrives,
 * so after it expires the allocation decays geometrically towards the floor, and at the k-th
 * release step, when what the decay would leave above the floor is at most τ of what was there at
 * expiry, it goes to the floor. So a silent entity is released in k steps (3 with the defaults)
 * rather than approaching the floor for ever, with a change, and so a command, at every step.
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
     * The allocation after the missing step {@code gridStep}, given the allocation {@code current}
     * before it; unchanged while the lease holds.
     */
    public static double afterMissingStep(
            PrescaleConfig config, double current, long gridStep, long leaseExpiryStep) {
        if (gridStep < leaseExpiryStep) {
            return current;
        }
        return config.limits()
                .apply(current, towardsFloor(config, current, gridStep, leaseExpiryStep));
    }

    /**
     * The release step's wanted allocation (before the limits) at {@code gridStep}, the lease
     * expired: decayed towards the floor, or the floor itself from the k-th release step on. The
     * policy releases live data towards a forecast at or below the floor the same way (an idle
     * entity's demand of 0 decayed 3.0, 0.9 … 1e-300 with a change every step before).
     */
    public static double towardsFloor(
            PrescaleConfig config, double current, long gridStep, long leaseExpiryStep) {
        double floor = config.limits().min();
        return gridStep - leaseExpiryStep + 1 >= releaseSteps(config)
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
