package io.prescale.operators.allocation;

import io.prescale.operators.text.GeneralFormat;

/**
 * One decision of the allocation operator, before it becomes an {@link AllocationRequest}.
 *
 * <p>The reason is kept in two parts and written out by {@link #reason()} only when a request is
 * built (decisions that hold the allocation are never sent), the forecast by {@link GeneralFormat}
 * as {@code %.4g}: formatting it with {@code String.format} for every decision was a third of the
 * operator's CPU.
 *
 * @param forStep the grid step the amount is needed by
 * @param amount the amount, &ge; 0
 * @param cause the reason without the forecast: the policy's decision reason, or a text with the
 *     numbers behind it
 * @param forecast the forecast behind the decision, appended to the reason; NaN when none
 * @param reactiveLevel the reactive level (the recent peak of demand); what a proactive rise
 *     exceeds it by is speculative (for a decision a hint raised, the policy's own firm amount)
 * @param proactive whether the decision was a proactive rise (the policy's forecast or a hint)
 * @param quantileLevel the level of the forecast quantile (NaN when none)
 * @param confidence P(demand &gt; current allocation) (NaN when not computed: the cold start, a
 *     gap's release)
 */
record Decided(
        long forStep,
        double amount,
        String cause,
        double forecast,
        double reactiveLevel,
        boolean proactive,
        double quantileLevel,
        double confidence) {

    /** A decision whose reason is {@code reason} as it is, with no forecast appended. */
    static Decided of(
            long forStep, double amount, String reason, double reactiveLevel, boolean proactive) {
        return new Decided(
                forStep,
                amount,
                reason,
                Double.NaN,
                reactiveLevel,
                proactive,
                Double.NaN,
                Double.NaN);
    }

    /** The reason with the numbers behind it: the cause, then {@code " forecast=%.4g"} if any. */
    String reason() {
        return Double.isNaN(forecast)
                ? cause
                : cause + " forecast=" + GeneralFormat.format(forecast, 4);
    }

    /**
     * This decision needed by {@code step} at the earliest: a start decided for the step whose
     * window has just ended is needed from the end of that window, when it is sent, not before.
     */
    Decided notBefore(long step) {
        return forStep >= step
                ? this
                : new Decided(
                        step,
                        amount,
                        cause,
                        forecast,
                        reactiveLevel,
                        proactive,
                        quantileLevel,
                        confidence);
    }

    /**
     * This decision raised to a hint's amount: what the hint adds is speculative (pre-warm), what
     * the policy asked stays as firm as it was. The amount of a decision that was no proactive rise
     * (a cold start, a hold, a decay) is firm, so the hint's part starts above it: reckoned from
     * the reactive level, the part of a cold start's amount above the recent peak became
     * speculative, and a short pool, which reclaims speculative parts first, granted the hinted
     * entity half what it granted it without the hint (the ninety-eighth tester).
     */
    Decided raisedTo(double hinted, String hintReason) {
        return new Decided(
                forStep,
                hinted,
                hintReason,
                Double.NaN,
                proactive ? reactiveLevel : Math.max(reactiveLevel, amount),
                true,
                quantileLevel,
                confidence);
    }
}
