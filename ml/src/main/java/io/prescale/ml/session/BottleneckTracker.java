package io.prescale.ml.session;

/**
 * Finds the bottleneck of a session among its resources and notices when it moves (e.g. from CPU to
 * network I/O), which is a reason to reclassify the session.
 *
 * <p>The pressure of a resource is {@code ρ = d / a}: its demand over the allocation the session
 * holds for it (unitless, so resources of different units compare; {@code ρ > 1} is a shortfall).
 * The bottleneck is the resource of highest pressure, confirmed only after it has led for {@code
 * confirmSteps} consecutive observations (hysteresis, so that one noisy step does not reclassify),
 * and only while its pressure is at least {@code minPressure} (an idle session has no bottleneck
 * worth naming). The first confirmation classifies; a later one that names another resource is a
 * reclassification.
 */
public final class BottleneckTracker {
    private final int confirmSteps;
    private final double minPressure;

    /**
     * @param confirmSteps observations a new leader must lead in a row, &ge; 1
     * @param minPressure pressure below which no resource is a bottleneck, &ge; 0
     */
    public BottleneckTracker(int confirmSteps, double minPressure) {
        if (confirmSteps < 1) {
            throw new IllegalArgumentException("confirmSteps must be >= 1, was " + confirmSteps);
        }
        if (!(minPressure >= 0) || Double.isInfinite(minPressure)) {
            throw new IllegalArgumentException(
                    "minPressure must be finite and >= 0, was " + minPressure);
        }
        this.confirmSteps = confirmSteps;
        this.minPressure = minPressure;
    }

    /**
     * The pressure {@code demand / allocation}; {@code NaN} (no opinion) when either is not finite
     * or the allocation is 0.
     */
    public static double pressure(double demand, double allocation) {
        if (!Double.isFinite(demand) || !(allocation > 0) || Double.isInfinite(allocation)) {
            return Double.NaN;
        }
        return Math.max(0, demand) / allocation;
    }

    /**
     * The state after one observation of the pressures of every resource ({@code resources[i]} has
     * {@code pressures[i]}; NaN entries are skipped).
     */
    public BottleneckState observe(BottleneckState st, String[] resources, double[] pressures) {
        if (resources.length != pressures.length) {
            throw new IllegalArgumentException(
                    resources.length + " resources but " + pressures.length + " pressures");
        }
        String leader = null;
        double top = minPressure;
        for (int i = 0; i < resources.length; i++) {
            if (pressures[i] >= top && (leader == null || pressures[i] > top)) {
                leader = resources[i];
                top = pressures[i];
            }
        }
        if (leader == null || leader.equals(st.resource())) {
            return new BottleneckState(st.resource(), null, 0);
        }
        int streak = leader.equals(st.candidate()) ? st.streak() + 1 : 1;
        return streak >= confirmSteps
                ? new BottleneckState(leader, null, 0)
                : new BottleneckState(st.resource(), leader, streak);
    }

    /** Whether going from {@code before} to {@code after} moved a confirmed bottleneck. */
    public static boolean reclassified(BottleneckState before, BottleneckState after) {
        return before.resource() != null
                && after.resource() != null
                && !before.resource().equals(after.resource());
    }
}
