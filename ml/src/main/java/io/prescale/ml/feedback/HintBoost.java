package io.prescale.ml.feedback;

import io.prescale.ml.policy.Limits;
import io.prescale.model.Feedback;
import java.time.Instant;

/**
 * Raises an allocation decision to what a client said to expect. A hint "expect {@code h} of metric
 * m from t₁ to t₂" (a {@link Feedback.Hint}) is a demand forecast from someone who knows: for a
 * decision needed by {@code t ∈ [t₁, t₂)} the allocation becomes
 *
 * <pre>
 *   a' = max(a, limits(h))
 * </pre>
 *
 * where {@code limits(h)} rounds h up to the quantum and clamps it to [min, max] (no rate limit: a
 * hint is announced, not guessed). Of several hints covering t the largest wins. The wrapped policy
 * keeps learning from its own decision {@code a}, so a hint never bends its calibration; the caller
 * records {@link #REASON} when {@code a' > a}.
 */
public final class HintBoost {
    /** The reason of a decision a hint raised. */
    public static final String REASON = "HINT";

    private HintBoost() {}

    /**
     * The largest hinted amount of {@code metric} covering {@code at}, as the limits allow it; 0
     * when no hint covers it.
     */
    public static double hinted(
            Iterable<Feedback.Hint> hints, String metric, Instant at, Limits limits) {
        double top = 0;
        for (Feedback.Hint h : hints) {
            if (h.metric().equals(metric) && !at.isBefore(h.from()) && at.isBefore(h.to())) {
                top = Math.max(top, h.amount());
            }
        }
        return top > 0 ? limits.apply(top, top) : 0;
    }

    /** {@code max(allocation, hinted)}: see the class comment. */
    public static double raise(double allocation, double hinted) {
        return Math.max(allocation, hinted);
    }
}
