package io.prescale.ml.policy;

/**
 * What sessions of one class (a label or tenant) needed, used to cold-start a new session.
 *
 * @param className the class (label or tenant)
 * @param sessions how many ended sessions contributed
 * @param startAllocation the allocation to start a new session with, in the metric's unit: the
 *     decayed upper expectile ({@link #EXPECTILE}) of the ended sessions' (1 − p)-quantile of
 *     demand (the forecast at the end; for a session that ended within its cold start, its observed
 *     peak)
 * @param correction the decayed mean of the ended sessions' feedback correction θ (log units)
 */
public record ClassProfile(
        String className, long sessions, double startAllocation, double correction) {

    public ClassProfile {
        if (className == null || className.isBlank()) {
            throw new IllegalArgumentException("className must not be blank");
        }
        if (sessions < 1) {
            throw new IllegalArgumentException("sessions must be >= 1, was " + sessions);
        }
        if (!(startAllocation >= 0) || Double.isInfinite(startAllocation)) {
            throw new IllegalArgumentException(
                    "startAllocation must be finite and >= 0, was " + startAllocation);
        }
        if (!Double.isFinite(correction)) {
            throw new IllegalArgumentException("correction must be finite, was " + correction);
        }
    }

    /**
     * The asymmetry of {@link #plus}'s level: the {@value}-expectile of the sessions' levels, not
     * their mean. A running mean is a typical session's level, which about half the sessions of a
     * class exceed, so new sessions' first windows were under-provisioned far more often than p
     * (10.7 % at each of the first two windows on Azure VMs cut into sessions, against 2.2 % now;
     * BENCHMARKS.md, "Cold starts from class profiles").
     */
    public static final double EXPECTILE = 0.9;

    /**
     * Folds one ended session in with weight {@code w = 1 / min(sessions + 1, 20)} (over the first
     * 20 sessions as in a running mean, then an exponential average that follows drift): its
     * correction by {@code w}, its level by {@code 2·τ·w} when above the profile's and {@code 2·(1
     * − τ)·w} when below (at most 1), the update of the {@link #EXPECTILE τ}-expectile. A class
     * whose sessions need less learns it nine times slower than one whose sessions need more.
     */
    public ClassProfile plus(double sessionAllocation, double sessionCorrection) {
        double w = 1.0 / Math.min(sessions + 1, 20);
        double gap = sessionAllocation - startAllocation;
        double step = Math.min(1, 2 * w * (gap > 0 ? EXPECTILE : 1 - EXPECTILE));
        return new ClassProfile(
                className,
                sessions + 1,
                startAllocation + step * gap,
                correction + w * (sessionCorrection - correction));
    }

    /** The profile of a class after its first session. */
    public static ClassProfile first(String className, double allocation, double correction) {
        return new ClassProfile(className, 1, allocation, correction);
    }
}
