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
 * @param pool the pool the entity's requests went to, {@code null} for the job's default pool
 *     ({@code allocation.pool}), so that a move to another pool is seen; {@code null} too in state
 *     restored from before it was kept (see {@link #movedFrom})
 */
public record EntitySession(
        String tenant,
        String className,
        long lastStep,
        long timerMillis,
        long hintsUntilMillis,
        BottleneckState bottleneck,
        String pool) {

    EntitySession withLastStep(long step, long timer) {
        return new EntitySession(
                tenant, className, step, timer, hintsUntilMillis, bottleneck, pool);
    }

    EntitySession withTimer(long timer) {
        return new EntitySession(
                tenant, className, lastStep, timer, hintsUntilMillis, bottleneck, pool);
    }

    EntitySession withTenant(String newTenant, String newClass) {
        return new EntitySession(
                newTenant, newClass, lastStep, timerMillis, hintsUntilMillis, bottleneck, pool);
    }

    EntitySession withHintsUntil(long until) {
        return new EntitySession(
                tenant,
                className,
                lastStep,
                timerMillis,
                Math.max(hintsUntilMillis, until),
                bottleneck,
                pool);
    }

    EntitySession withBottleneck(BottleneckState b) {
        return new EntitySession(
                tenant, className, lastStep, timerMillis, hintsUntilMillis, b, pool);
    }

    /**
     * The pool the entity's requests went to when it is not {@code now} (an override or a change of
     * tenant moved the entity), else {@code null}; {@code defaultPool} stands for a {@code null}
     * pool. An entity of another pool restored from state kept before the pool was is taken to come
     * from the default pool: it sends that pool leaves it has no grant for, which change nothing
     * there (a {@code MOVED} grant record of 0).
     */
    String movedFrom(String now, String defaultPool) {
        String before = pool == null ? defaultPool : pool;
        return before.equals(now) ? null : before;
    }

    /** This session with its requests going to {@code now}. */
    EntitySession inPool(String now, String defaultPool) {
        String kept = now.equals(defaultPool) ? null : now;
        return new EntitySession(
                tenant, className, lastStep, timerMillis, hintsUntilMillis, bottleneck, kept);
    }
}
