package io.prescale.operators.allocation;

import io.prescale.ml.overrides.PolicyDefaults;
import java.io.Serializable;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the per-entity allocation operator decides and how it names it.
 *
 * @param resources the resources allocated, each with its demand metric (one policy state per
 *     entity and resource); at least one, resources distinct
 * @param step the grid step: the window size of the job, and the backtest's step
 * @param lease how long after it is needed a request's allocation holds unless renewed
 * @param defaults the job-wide policy, pool and tier that overrides refine
 * @param session the session lifecycle
 */
public record AllocationSettings(
        List<ResourceSpec> resources,
        Duration step,
        Duration lease,
        PolicyDefaults defaults,
        SessionSettings session)
        implements Serializable {

    public AllocationSettings {
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(session, "session");
        if (resources == null || resources.isEmpty()) {
            throw new IllegalArgumentException("at least one resource must be allocated");
        }
        resources = List.copyOf(resources);
        if (new HashSet<>(resources.stream().map(ResourceSpec::resource).toList()).size()
                != resources.size()) {
            throw new IllegalArgumentException("resources must be distinct, were " + resources);
        }
        if (step == null || step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("step must be positive, was " + step);
        }
        if (lease == null || lease.isNegative()) {
            throw new IllegalArgumentException("lease must not be negative, was " + lease);
        }
        if (session.inactivityTimeout().compareTo(step) < 0) {
            throw new IllegalArgumentException(
                    "the inactivity timeout ("
                            + session.inactivityTimeout()
                            + ") must be at least one step ("
                            + step
                            + ")");
        }
    }

    /**
     * Whether sessions follow a bottleneck and may send {@code RECLASS} commands: only with several
     * resources (with one, there is no other resource for the bottleneck to move to).
     */
    public boolean reclassifies() {
        return resources.size() > 1;
    }

    /**
     * The metrics the resources are demanded by: a sample with one below 0 is refused, and so is a
     * hint for any other metric.
     */
    public Set<String> demandMetrics() {
        return resources.stream().map(ResourceSpec::metric).collect(Collectors.toSet());
    }

    /** The names of the resources allocated, e.g. {@code cpu}, {@code memory}. */
    public Set<String> resourceNames() {
        return resources.stream().map(ResourceSpec::resource).collect(Collectors.toSet());
    }

    /** The resource allocated from {@code resource}, or {@code null}. */
    public ResourceSpec resource(String resource) {
        for (ResourceSpec r : resources) {
            if (r.resource().equals(resource)) {
                return r;
            }
        }
        return null;
    }
}
