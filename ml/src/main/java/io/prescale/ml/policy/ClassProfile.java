package io.prescale.ml.policy;

/**
 * What sessions of one class (a label or tenant) needed, used to cold-start a new session.
 *
 * @param className the class (label or tenant)
 * @param sessions how many ended sessions contributed
 * @param startAllocation the allocation to start a new session with, in the metric's unit: the
 *     decayed mean of the ended sessions' (1 − p)-quantile of demand (the forecast at the end; for
 *     a session that ended within its cold start, its observed peak)
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
     * Folds one ended session in with weight {@code 1 / min(sessions + 1, 20)}: a running mean over
     * the first 20 sessions, then an exponential average that follows drift.
     */
    public ClassProfile plus(double sessionAllocation, double sessionCorrection) {
        double w = 1.0 / Math.min(sessions + 1, 20);
        return new ClassProfile(
                className,
                sessions + 1,
                startAllocation + w * (sessionAllocation - startAllocation),
                correction + w * (sessionCorrection - correction));
    }

    /** The profile of a class after its first session. */
    public static ClassProfile first(String className, double allocation, double correction) {
        return new ClassProfile(className, 1, allocation, correction);
    }
}
