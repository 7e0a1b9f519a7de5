package io.prescale.ml.policy;

import java.util.Arrays;

/**
 * The features of {@link LeadQuantileModel}'s quantile regression for the demand at step {@code t =
 * s + L}, decided at step s, in units of the entity's scale σ (so one set of weights serves series
 * of any magnitude):
 *
 * <pre>
 *   x = (1, ℓ_f, ℓ_m, r_s, r_f,                    the running statistics at s (stored)
 *        max(d_s, d_{s−1}),                         the recent peak
 *        for each seasonal lag k of 1 h, 2 h, 8 h, 12 h and 1 day that fits the history ring:
 *          max(d_{t−k−1}, d_{t−k}, d_{t−k+1}),      the lag's neighbourhood, robust to jitter
 *          d_{t−k})                                 the lag itself, which keeps a cycle of a
 *                                                   few steps the neighbourhood's max blurs
 * </pre>
 *
 * <p>Only the first five depend on running statistics; they are kept in the decision's pending
 * record. The rest come from the history ring, which still holds every step they read when the
 * demand of t arrives (the newest they read is s, the oldest {@code t − k_max − 1}, and the ring
 * holds {@code k_max + L + 2} steps), so they are computed again for learning instead of being
 * stored: a feature costs two floats of state (weight and AdaGrad accumulator), not five.
 */
final class LeadFeatures {
    /** Features kept in the pending record: ℓ_f, ℓ_m, r_s, r_f (the intercept is implicit). */
    static final int STORED = 4;

    private static final double[] LAG_HOURS = {1, 2, 8, 12, 24};

    private final int lead;
    private final int[] lags;

    LeadFeatures(int lead, int stepsPerDay, int maxLagSteps) {
        this.lead = lead;
        this.lags =
                Arrays.stream(LAG_HOURS)
                        .mapToInt(h -> (int) Math.round(h * stepsPerDay / 24.0))
                        .filter(k -> k >= lead + 1 && k <= maxLagSteps)
                        .distinct()
                        .toArray();
    }

    /** Number of features, the intercept included. */
    int count() {
        return 2 + STORED + 2 * lags.length;
    }

    /** Steps of history the features read back from a decision step: the ring's length. */
    int historySize() {
        int maxLag = lags.length == 0 ? 0 : lags[lags.length - 1];
        return maxLag + lead + 2;
    }

    /**
     * Fills {@code x} with the features of the decision made at s: the stored ones from {@code
     * pending[at ..]}, the rest from the history, each divided by {@code scale}.
     */
    void fill(PrescaleState st, long s, float[] pending, int at, double scale, double[] x) {
        x[0] = 1;
        for (int i = 0; i < STORED; i++) {
            x[1 + i] = pending[at + i];
        }
        int j = 1 + STORED;
        x[j++] =
                Math.max(LeadQuantileModel.demandAt(st, s), LeadQuantileModel.demandAt(st, s - 1))
                        / scale;
        long t = s + lead;
        for (int k : lags) {
            double exact = LeadQuantileModel.demandAt(st, t - k);
            double before = LeadQuantileModel.demandAt(st, t - k - 1);
            double after = LeadQuantileModel.demandAt(st, t - k + 1);
            x[j++] = Math.max(exact, Math.max(before, after)) / scale;
            x[j++] = exact / scale;
        }
    }
}
