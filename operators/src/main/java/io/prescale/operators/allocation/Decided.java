package io.prescale.operators.allocation;

/**
 * One decision of the allocation operator, before it becomes an {@link AllocationRequest}.
 *
 * @param forStep the grid step the amount is needed by
 * @param amount the amount, &ge; 0
 * @param reason the reason with the numbers behind it
 * @param reactiveLevel the reactive level (the recent peak of demand); what a proactive rise
 *     exceeds it by is speculative
 * @param proactive whether the decision was a proactive rise (the policy's forecast or a hint)
 * @param quantileLevel the level of the forecast quantile (NaN when none)
 * @param confidence P(demand &gt; current allocation) (NaN when not computed)
 */
record Decided(
        long forStep,
        double amount,
        String reason,
        double reactiveLevel,
        boolean proactive,
        double quantileLevel,
        double confidence) {

    Decided raisedTo(double hinted, String hintReason) {
        return new Decided(
                forStep, hinted, hintReason, reactiveLevel, true, quantileLevel, confidence);
    }
}
