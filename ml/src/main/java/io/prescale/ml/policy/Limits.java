package io.prescale.ml.policy;

import io.prescale.model.Decimals;

/**
 * Bounds on what a backend can be given, in the metric's unit: every allocation is rounded up to a
 * multiple of {@code quantum} (0.25 vCPU, 256 MiB, 1 replica; 0 = continuous), clamped to [{@code
 * min}, {@code max}], and moves at most {@code maxChangePerStep} per step (infinite = unlimited).
 * {@code min} is the entity's floor: leases only concern what is above it.
 */
public record Limits(double min, double max, double quantum, double maxChangePerStep)
        implements java.io.Serializable {

    public Limits {
        if (!(min >= 0) || Double.isInfinite(min)) {
            throw new IllegalArgumentException(
                    "min must be finite and >= 0, was " + Decimals.plain(min));
        }
        if (!(max >= min)) {
            throw new IllegalArgumentException(
                    "max must be >= min (" + Decimals.plain(min) + "), was " + Decimals.plain(max));
        }
        if (!(quantum >= 0) || Double.isInfinite(quantum)) {
            throw new IllegalArgumentException(
                    "quantum must be finite and >= 0, was " + Decimals.plain(quantum));
        }
        if (quantum > max) {
            throw new IllegalArgumentException(
                    "step (the granularity) must be <= max ("
                            + Decimals.plain(max)
                            + "), was "
                            + Decimals.plain(quantum));
        }
        if (!(maxChangePerStep > 0)) {
            throw new IllegalArgumentException(
                    "maxChangePerStep must be > 0, was " + Decimals.plain(maxChangePerStep));
        }
    }

    /** No bounds: [0, ∞), continuous, unlimited rate. */
    public static Limits none() {
        return new Limits(0, Double.POSITIVE_INFINITY, 0, Double.POSITIVE_INFINITY);
    }

    /**
     * How many quanta hold {@code wanted}: rounded up, forgiving a rounding error of 10⁻⁹ quantum,
     * and at least one for any positive amount (a quantum far above the amount must not round it to
     * 0).
     */
    private double quanta(double wanted) {
        double k = Math.ceil(wanted / quantum - 1e-9);
        return wanted > 0 ? Math.max(1, k) : k;
    }

    /** {@code wanted} rounded up to a multiple of the quantum (unchanged when continuous). */
    public double quantised(double wanted) {
        return quantum > 0 ? quanta(wanted) * quantum : wanted;
    }

    /**
     * The ceiling on the quantum's grid: {@code max} rounded down to a multiple of the quantum, so
     * that a clamped amount is one a backend of that granularity can hold (a {@code max} of 50 with
     * a step of 7 commanded 50); {@code max} itself when no multiple lies in [{@code min}, {@code
     * max}] (a min of 10 and a max of 12 with a step of 7: the range's top, not its bottom).
     */
    public double ceiling() {
        if (quantum <= 0 || Double.isInfinite(max)) {
            return max;
        }
        double onGrid = Math.floor(max / quantum + 1e-9) * quantum;
        return onGrid >= min ? onGrid : max;
    }

    /**
     * A release from {@code current} towards the forecast {@code f} that, rounded up to the
     * quantum, would not move: one quantum down (to {@code f} rounded up, at least) once {@code f}
     * is {@code margin} or more below that step, else {@code current}. Without the step down an
     * amount stayed up to 1.4 quanta above the forecast for good; a margin keeps a forecast
     * hovering at a step's edge from moving the allocation up and down every few steps.
     */
    public double stepDown(double current, double f, double margin) {
        double lower = current - quantum;
        return f <= lower - margin ? Math.max(quantised(f), lower) : current;
    }

    /** Quantises up, limits the change from {@code current}, then clamps. */
    public double apply(double current, double wanted) {
        double a = quantised(wanted);
        a = Math.max(current - maxChangePerStep, Math.min(current + maxChangePerStep, a));
        return Math.max(min, Math.min(ceiling(), a));
    }
}
