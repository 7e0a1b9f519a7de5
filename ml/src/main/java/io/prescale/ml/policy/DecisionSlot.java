package io.prescale.ml.policy;

/**
 * The reusable output of {@link AllocationPolicy#step}: the replay loop reuses one slot for every
 * step so that deciding allocates nothing; {@link #toDecision()} makes the immutable {@link
 * Decision} the streaming job emits.
 */
public final class DecisionSlot {
    long forGridStep;
    double allocation;
    DecisionReason reason = DecisionReason.COLD_START_DEFAULT;
    double forecast = Double.NaN;
    double quantileLevel = Double.NaN;
    double confidence = Double.NaN;
    double inForce = Double.NaN;

    /** Sets every field; used by policies. */
    public void set(
            long forGridStep,
            double allocation,
            DecisionReason reason,
            double forecast,
            double quantileLevel,
            double confidence) {
        this.forGridStep = forGridStep;
        this.allocation = allocation;
        this.reason = reason;
        this.forecast = forecast;
        this.quantileLevel = quantileLevel;
        this.confidence = confidence;
    }

    public long forGridStep() {
        return forGridStep;
    }

    public double allocation() {
        return allocation;
    }

    public DecisionReason reason() {
        return reason;
    }

    public double forecast() {
        return forecast;
    }

    public double quantileLevel() {
        return quantileLevel;
    }

    public double confidence() {
        return confidence;
    }

    /**
     * The allocation in force at the step just observed, the one the policy's feedback compared its
     * demand with (fixed L steps before); NaN when none was compared (a session's first L steps, a
     * policy without feedback). Set by {@link AllocationPolicy#step} alone.
     */
    public double inForce() {
        return inForce;
    }

    public Decision toDecision() {
        return new Decision(forGridStep, allocation, reason, forecast, quantileLevel, confidence);
    }
}
