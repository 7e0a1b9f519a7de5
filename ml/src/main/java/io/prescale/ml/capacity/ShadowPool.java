package io.prescale.ml.capacity;

/**
 * Pre-warmed capacity that a pool keeps ready, unassigned, for demand that is predicted but not yet
 * in force: a warm pool of instances shared by the pool's entities, sized from their aggregate
 * predicted increase over the lead window, displaced by the grants it was kept for as they take
 * effect and released on decay when the increase it was kept for is predicted no more. The increase
 * is measured from the grants in force, so a rise the round grants is counted until it takes effect
 * at its needed-by time: the shadow holds the same capacity as those grants, ahead of them, as a
 * placeholder (balloon) workload that they displace when they take effect.
 *
 * <p>Per arbitration step, with {@code λ} the decay per step and {@code k} the steps elapsed since
 * the previous one:
 *
 * <pre>
 *   P  = Σ_e max(0, f_e − c_e)            aggregate predicted increase
 *   S* = max(P, λ^k · S_prev − D)         follow a rise at once, release geometrically
 *   S  = min(S*, H)                       only in the headroom H = max(0, C − Σ granted)
 *   released = max(0, S_prev − S)
 * </pre>
 *
 * where {@code f_e} is entity e's forecast allocation at the lead (its request), {@code c_e} its
 * last grant, and {@code D} what the pool's grants in force grew by since the previous step (the
 * rises that took effect, net of the falls that took effect with them), all in the resource's unit.
 * The shadow yields to real grants: the rises it was pre-warmed for displace it when they take
 * effect, whether their demand comes or not (the entity's grant then holds that capacity, and its
 * policy decays it if the demand does not come; the shadow held it a second time until its own
 * decay, the hundred-and-sixth tester), and a shrinking headroom cuts it; what no grant took decays
 * with half-life {@code ln 0.5 / ln λ} steps ({@code λ = 0.8}: 3.1 steps). {@code λ = 0} releases
 * at once. Unlimited capacity means {@code H = +∞}.
 *
 * @param decayPerStep λ in [0, 1)
 */
public record ShadowPool(double decayPerStep) {

    public ShadowPool {
        if (!(decayPerStep >= 0 && decayPerStep < 1)) {
            throw new IllegalArgumentException(
                    "decayPerStep must be in [0, 1), was " + decayPerStep);
        }
    }

    /**
     * One step of the shadow pool.
     *
     * @param size S, the pre-warmed capacity kept, &ge; 0
     * @param target P, the aggregate predicted increase, &ge; 0
     * @param released what was given back since the previous step, &ge; 0
     */
    public record Step(double size, double target, double released) {}

    /** {@code max(0, forecastAtLead − current)}: one entity's term of the predicted increase. */
    public static double increase(double forecastAtLead, double current) {
        if (Double.isNaN(forecastAtLead) || Double.isNaN(current)) {
            throw new IllegalArgumentException(
                    "forecastAtLead and current must not be NaN, were "
                            + forecastAtLead
                            + " and "
                            + current);
        }
        return Math.max(0, forecastAtLead - current);
    }

    /**
     * @param previous S_prev, the shadow size after the previous step, finite and &ge; 0
     * @param predictedIncrease P, finite and &ge; 0
     * @param headroom H, &ge; 0 or {@code +∞}
     * @param displaced D, what the grants in force grew by since the previous step, finite and &ge;
     *     0
     * @param elapsedSteps k, steps since the previous step, finite and &ge; 0 (fractions allowed)
     */
    public Step step(
            double previous,
            double predictedIncrease,
            double headroom,
            double displaced,
            double elapsedSteps) {
        requireFinite("previous", previous);
        requireFinite("predictedIncrease", predictedIncrease);
        requireFinite("displaced", displaced);
        requireFinite("elapsedSteps", elapsedSteps);
        if (!(headroom >= 0)) {
            throw new IllegalArgumentException("headroom must be >= 0, was " + headroom);
        }
        double decayed = decayPerStep == 0 ? 0 : previous * Math.pow(decayPerStep, elapsedSteps);
        double size = Math.min(headroom, Math.max(predictedIncrease, decayed - displaced));
        return new Step(size, predictedIncrease, Math.max(0, previous - size));
    }

    private static void requireFinite(String name, double x) {
        if (!(x >= 0) || Double.isInfinite(x)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, was " + x);
        }
    }
}
