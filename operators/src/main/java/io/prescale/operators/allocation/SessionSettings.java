package io.prescale.operators.allocation;

import java.io.Serializable;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The session lifecycle of an entity in the allocation operator.
 *
 * @param inactivityTimeout a session without any window for this long ends: everything is released
 *     and its class profile updated; at least one grid step
 * @param classPattern a regular expression over the entity name whose first group is the entity's
 *     class (e.g. {@code ^([a-z]+)-} makes {@code web-17} of class {@code web}), or {@code null}:
 *     then the tenant is the class
 * @param reclassSteps how many steps in a row another resource must have the highest pressure
 *     before the session's bottleneck moves (a {@code RECLASS} recommendation), &ge; 1
 * @param reclassMinPressure pressure (demand over allocation) below which no resource is a
 *     bottleneck, &ge; 0
 */
public record SessionSettings(
        Duration inactivityTimeout,
        String classPattern,
        int reclassSteps,
        double reclassMinPressure)
        implements Serializable {

    public SessionSettings {
        if (inactivityTimeout == null
                || inactivityTimeout.isZero()
                || inactivityTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "inactivityTimeout must be positive, was " + inactivityTimeout);
        }
        if (classPattern != null) {
            Pattern p = Pattern.compile(classPattern);
            if (p.matcher("").groupCount() < 1) {
                throw new IllegalArgumentException(
                        "classPattern needs a capturing group for the class, was '"
                                + classPattern
                                + "'");
            }
        }
        if (reclassSteps < 1) {
            throw new IllegalArgumentException("reclassSteps must be >= 1, was " + reclassSteps);
        }
        if (!(reclassMinPressure >= 0) || Double.isInfinite(reclassMinPressure)) {
            throw new IllegalArgumentException(
                    "reclassMinPressure must be finite and >= 0, was " + reclassMinPressure);
        }
    }

    /** One hour of inactivity, the tenant as the class, reclassification after 6 steps at 0.5. */
    public static SessionSettings defaults() {
        return new SessionSettings(Duration.ofHours(1), null, 6, 0.5);
    }
}
