package io.prescale.ml.policy;

/**
 * Which forecaster the {@link PrescalePolicy} follows. Both are always kept, each with its own
 * feedback correction, so that each one's (1 − p)-quantile is calibrated on its own misses.
 */
public enum Baseline {
    /**
     * Ratio to the recent peak: a histogram of {@code z_t = d_t / (max(d_{t−L}, d_{t−L−1}) + ε)} (ε
     * = 5 % of the decayed mean demand), forecast {@code f = b_s · Q_z(1 − p)}: how far demand can
     * rise within the lead; suits smooth, persistent series.
     */
    RECENT_PEAK,
    /**
     * Demand given the level: a histogram of {@code d_t} per level bin of the recent peak relative
     * to the decayed mean {@code m} ({@code log2(peak / m)} in half-octaves from 1/4 to 4), falling
     * back to all of {@code d} while a bin is sparse; suits spiky series.
     */
    LEVEL_BINS,
    /**
     * Per entity, whichever of the two has had the lower decayed mean forecast (both being
     * calibrated to the same miss rate, the cheaper one wins).
     */
    BEST_OF,
    /**
     * The lower of the two at every step; the policy's own correction θ then raises it until the
     * misses of the combination are at p. The default: cheapest on every shared trace.
     */
    MIN_OF
}
