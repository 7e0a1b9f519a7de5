package io.prescale.ml.policy;

/** The reference autoscalers of the shared data README, each with one knob. */
public enum ReferenceKind {
    /**
     * HPA-like: {@code a_t = max(r_t, r_{t−1})}, {@code r_t = d_{t−L} / u}; the max over two steps
     * is the scale-down stabilisation; a change within the tolerance of the current allocation is
     * skipped (HPA's 10 %, 0 in the README's table). Knob: utilisation u.
     */
    REACTIVE("reactive", "1/u"),
    /**
     * Predictive-like: {@code a_t = max(d_{t−1 day}, d_{t−7 days}, d_{t−L}) / u}, a term left out
     * until its history exists. Knob: utilisation u.
     */
    SEASONAL("seasonal", "1/u"),
    /**
     * VPA-like: {@code a_t = m ·} the 95th percentile of a decaying histogram of d up to t − L
     * (half-life one day, bucket ratio 1.05, VPA's bucket-end reading). Knob: margin m.
     */
    VPA("vpa", "m"),
    /**
     * VPA-like as {@link #VPA}, its percentile tuned in hindsight too, from {@link
     * #TUNED_PERCENTILES} (VPA's {@code --target-cpu-percentile}, which operators set; the shared
     * README fixes 0.95, far from a 1 % target): the strongest of the references at tight targets.
     * Knob: margin m, at the percentile that is cheapest.
     */
    VPA_TUNED("vpa-tuned", "m"),
    /** Static peak: {@code a_t = m · max(d_0 .. d_{t−L})}, the peak seen so far. Knob: m. */
    STATIC_PEAK("static", "m");

    /** The percentiles {@link #VPA_TUNED} chooses from. */
    public static final double[] TUNED_PERCENTILES = {0.9, 0.95, 0.98, 0.99, 0.995};

    private final String policyName;
    private final String knobName;

    ReferenceKind(String policyName, String knobName) {
        this.policyName = policyName;
        this.knobName = knobName;
    }

    public String policyName() {
        return policyName;
    }

    /**
     * What the knob the backtest reports is: the multiplier of the demand statistic ({@link
     * ReferenceConfig#scale()}), {@code 1/u} for a utilisation knob (23.9 is u ≈ 4.2 %), {@code m}
     * for a margin.
     */
    public String knobName() {
        return knobName;
    }
}
