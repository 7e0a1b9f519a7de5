package io.prescale.ml.alert;

/**
 * Turns per-point anomaly scores into alert decisions with hysteresis (per series) and suppression
 * (per entity and kind), in two steps so that a job can apply them where the state lives: the
 * series' scores where the series is keyed, the rare raises where the entity is. Time is an
 * argument (event time in epoch milliseconds).
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

    /** What one score does to the raised state of its series. */
    public enum Transition {
        /** Nothing changes. */
        NONE,
        /** The series is raised now: an alert, unless {@link #suppressed}. */
        RAISED,
        /** The score fell below the clear level: the series is no longer raised. */
        CLEARED
    }

    private final AlertSettings settings;

    public AlertGate(AlertSettings settings) {
        this.settings = settings;
    }

    /**
     * Hysteresis of one (entity, metric, kind) series.
     *
     * @param raised whether the series is raised before this score
     * @param score the anomaly score in [0, 1] (NaN changes nothing)
     */
    public Transition transition(boolean raised, double score) {
        if (Double.isNaN(score)) {
            return Transition.NONE;
        }
        if (raised) {
            return score < settings.clearBelow() ? Transition.CLEARED : Transition.NONE;
        }
        return score >= settings.raiseAbove() ? Transition.RAISED : Transition.NONE;
    }

    /**
     * Suppression per (entity, kind): whether a raise at {@code timeMillis} comes less than the
     * suppression window after the last alert of its kind for its entity ({@code lastAlertMillis},
     * null when none is remembered). A raise from before that alert is not suppressed by it: an
     * entity's metrics are scored by different subtasks, so a later raise of one can come in first
     * (the forty-third tester's alerts 40 min apart, the earlier one lost at parallelism 2).
     */
    public boolean suppressed(Long lastAlertMillis, long timeMillis) {
        return lastAlertMillis != null
                && timeMillis >= lastAlertMillis
                && timeMillis - lastAlertMillis < settings.suppression().toMillis();
    }

    /** Whether an alert of {@code score} is critical rather than a warning. */
    public boolean critical(double score) {
        return score >= settings.criticalAbove();
    }

    public AlertSettings settings() {
        return settings;
    }
}
