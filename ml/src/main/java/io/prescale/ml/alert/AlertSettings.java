package io.prescale.ml.alert;

import java.io.Serializable;
import java.time.Duration;

/**
 * How anomaly scores become alerts ({@link AlertGate}).
 *
 * @param raiseAbove a score at or above this raises an alert, in (0, 1]
 * @param clearBelow a raised alert clears once the score falls below this, in [0, raiseAbove]
 *     (hysteresis: between the two the state holds)
 * @param criticalAbove a raised alert at or above this score is CRITICAL, else WARNING, in [0, 1]
 * @param suppression after an alert of one kind for an entity, no other of that kind for it within
 *     this window, &ge; 0
 */
public record AlertSettings(
        double raiseAbove, double clearBelow, double criticalAbove, Duration suppression)
        implements Serializable {

    public AlertSettings {
        if (!(raiseAbove > 0 && raiseAbove <= 1)) {
            throw new IllegalArgumentException("raiseAbove must be in (0, 1], was " + raiseAbove);
        }
        if (!(clearBelow >= 0 && clearBelow <= raiseAbove)) {
            throw new IllegalArgumentException(
                    "clearBelow must be in [0, raiseAbove=" + raiseAbove + "], was " + clearBelow);
        }
        if (!(criticalAbove >= 0 && criticalAbove <= 1)) {
            throw new IllegalArgumentException(
                    "criticalAbove must be in [0, 1], was " + criticalAbove);
        }
        if (suppression == null || suppression.isNegative()) {
            throw new IllegalArgumentException(
                    "suppression must be a duration >= 0, was " + suppression);
        }
    }
}
