package io.prescale.operators.allocation;

import io.prescale.ml.policy.PrescaleConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * What the allocation operator decides and how it names it.
 *
 * @param demandMetric the metric whose window maximum is the entity's demand (the backtest's {@code
 *     d_t}: the maximum of the samples in a step)
 * @param resource the resource the commands scale, e.g. {@code cpu}
 * @param unit the unit of the allocation, e.g. {@code pct}
 * @param step the grid step: the window size of the job, and the backtest's step
 * @param lease how long after it is needed a command's allocation holds unless renewed
 * @param policy the prescale policy's configuration
 */
public record AllocationSettings(
        String demandMetric,
        String resource,
        String unit,
        Duration step,
        Duration lease,
        PrescaleConfig policy)
        implements Serializable {

    public AllocationSettings {
        Objects.requireNonNull(demandMetric, "demandMetric");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(policy, "policy");
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("step must be positive, was " + step);
        }
        if (lease.isNegative()) {
            throw new IllegalArgumentException("lease must not be negative, was " + lease);
        }
    }
}
