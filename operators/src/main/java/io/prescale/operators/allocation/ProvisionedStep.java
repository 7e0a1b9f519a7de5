package io.prescale.operators.allocation;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of an entity's resource as its allocation policy scored it: the demand (the window's
 * maximum of the resource's demand metric) against the allocation in force for that window, which
 * the policy fixed L windows before. The policy's feedback steers the share of steps under-provided
 * ({@link #under}) to the target violation; InfluxDB's {@code provisioning} measurement keeps every
 * step, so the mean of {@code under} over any time range is an entity's realised rate.
 *
 * @param entity the entity
 * @param resource the allocated resource
 * @param window the start of the window scored
 * @param demand the window's demand
 * @param allocated the policy's allocation in force for the window (a hint may have raised the
 *     request, a pool that was short may have cut the grant: InfluxDB's {@code allocation} has
 *     those)
 * @param correction the feedback's correction after this step, in units of the entity's demand
 *     scale
 */
public record ProvisionedStep(
        String entity,
        String resource,
        Instant window,
        double demand,
        double allocated,
        double correction) {

    public ProvisionedStep {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(window, "window");
    }

    /** Whether the demand exceeded the allocation: a step under-provisioned. */
    public boolean under() {
        return demand > allocated;
    }
}
