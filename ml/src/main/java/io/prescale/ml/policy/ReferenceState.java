package io.prescale.ml.policy;

/**
 * Per-entity state of a {@link ReferencePolicy}: {@code history} is a ring of the last demands (a
 * week for the seasonal policy, two steps otherwise), {@code histogram} the VPA decaying histogram
 * (empty array for the others), {@code allocation} the last decision, {@code peak} the largest
 * demand seen, {@code lastStep} holds the step of the first and of the last observation.
 */
public record ReferenceState(
        double[] history, double[] histogram, double[] scalars, long[] lastStep) {

    static final int ALLOCATION = 0;
    static final int PEAK = 1;

    double allocation() {
        return scalars[ALLOCATION];
    }
}
