package io.prescale.operators.allocation;

import io.prescale.ml.session.BottleneckState;

/**
 * Keyed state of one entity's session.
 *
 * @param tenant the tenant, or {@code null} until one is seen
 * @param className the class whose profile starts and learns from the session, or {@code null}
 * @param lastStep the last grid step with any window (or sample) of the entity
 * @param timerMillis the event time of the pending step timer
 * @param hintsUntilMillis the end of the latest hint held ({@code Long.MIN_VALUE} when none), so
 *     that the hints are read only while one may apply
 * @param bottleneck which resource limits the session
 */
public record EntitySession(
        String tenant,
        String className,
        long lastStep,
        long timerMillis,
        long hintsUntilMillis,
        BottleneckState bottleneck) {

    EntitySession withLastStep(long step, long timer) {
        return new EntitySession(tenant, className, step, timer, hintsUntilMillis, bottleneck);
    }

    EntitySession withTimer(long timer) {
        return new EntitySession(tenant, className, lastStep, timer, hintsUntilMillis, bottleneck);
    }

    EntitySession withTenant(String newTenant, String newClass) {
        return new EntitySession(
                newTenant, newClass, lastStep, timerMillis, hintsUntilMillis, bottleneck);
    }

    EntitySession withHintsUntil(long until) {
        return new EntitySession(
                tenant,
                className,
                lastStep,
                timerMillis,
                Math.max(hintsUntilMillis, until),
                bottleneck);
    }

    EntitySession withBottleneck(BottleneckState b) {
        return new EntitySession(tenant, className, lastStep, timerMillis, hintsUntilMillis, b);
    }
}
