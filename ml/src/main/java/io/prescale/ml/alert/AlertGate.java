package io.prescale.ml.alert;

/**
 * Turns a stream of per-point anomaly scores of one (entity, metric, kind) into alert decisions
 * with hysteresis and suppression. Time is an argument (event time in epoch milliseconds).
 *
 * <ul>
 *   <li>Hysteresis: the series is <em>raised</em> once its score reaches {@code raiseAbove} and
 *       stays raised until the score falls below {@code clearBelow}; scores in between change
 *       nothing, so a score hovering at the threshold does not flap.
 *   <li>Suppression: raising emits an alert unless an alert of the same kind was emitted for the
 *       same entity less than {@code suppression} earlier (then the series is raised silently).
 * </ul>
 */
public final class AlertGate {

    /** What one score does. */
    public enum Outcome {
        /** Nothing changes. */
        NONE,
        /** Raised now: emit an alert. */
        ALERT,
        /** Raised now, but an alert of this kind was emitted for the entity too recently. */
        SUPPRESSED,
        /** The score fell below the clear level: the series is no longer raised. */
        CLEARED
    }

    private final AlertSettings settings;

    public AlertGate(AlertSettings settings) {
        this.settings = settings;
    }

    /**
     * @param raised whether the series is raised before this score
     * @param lastAlertMillis when the last alert of this kind was emitted for the entity, or {@code
     *     null} if none is remembered
     * @param score the anomaly score in [0, 1] (NaN changes nothing)
     * @param timeMillis the score's event time
     */
    public Outcome decide(boolean raised, Long lastAlertMillis, double score, long timeMillis) {
        if (Double.isNaN(score)) {
            return Outcome.NONE;
        }
        if (raised) {
            return score < settings.clearBelow() ? Outcome.CLEARED : Outcome.NONE;
        }
        if (score < settings.raiseAbove()) {
            return Outcome.NONE;
        }
        boolean recent =
                lastAlertMillis != null
                        && timeMillis - lastAlertMillis < settings.suppression().toMillis();
        return recent ? Outcome.SUPPRESSED : Outcome.ALERT;
    }

    /** Whether an alert of {@code score} is critical rather than a warning. */
    public boolean critical(double score) {
        return score >= settings.criticalAbove();
    }

    public AlertSettings settings() {
        return settings;
    }
}
