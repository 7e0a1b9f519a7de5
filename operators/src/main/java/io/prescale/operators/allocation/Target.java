package io.prescale.operators.allocation;

import io.prescale.ml.overrides.EffectivePolicy;

/**
 * Whom a decision is for and under which policy: one resource of one entity's session.
 *
 * @param entity the entity
 * @param session its session
 * @param spec the resource
 * @param policy the policy in effect for the entity
 * @param issuedAtMillis event time of what triggered the decision (a window's end, a timer)
 */
record Target(
        String entity,
        EntitySession session,
        ResourceSpec spec,
        EffectivePolicy policy,
        long issuedAtMillis) {

    /** The same target for a decision triggered at {@code millis} (a step timer's time). */
    Target at(long millis) {
        return new Target(entity, session, spec, policy, millis);
    }
}
