package io.prescale.ml.policy;

/**
 * One allocation decision with its reason and the numbers behind it.
 *
 * @param forGridStep the step the allocation is for ({@code decided at forGridStep − L})
 * @param allocation the amount to have in place at {@code forGridStep}, in the metric's unit
 * @param reason why
 * @param forecast the demand quantile the policy aimed at (NaN when the rule has none)
 * @param quantileLevel the level of that quantile after the feedback correction, in [0, 1]
 * @param confidence P(demand > previous allocation) estimated at decision time, in [0, 1]
 */
public record Decision(
        long forGridStep,
        double allocation,
        DecisionReason reason,
        double forecast,
        double quantileLevel,
        double confidence) {

    public Decision {
        if (reason == null) {
            throw new IllegalArgumentException("reason must not be null");
        }
        if (!(allocation >= 0) || Double.isInfinite(allocation)) {
            throw new IllegalArgumentException(
                    "allocation must be finite and >= 0, was " + allocation);
        }
    }
}
