package io.prescale.operators.allocation;

import io.prescale.ml.policy.PrescaleState;

/**
 * Keyed state of one resource of one entity: the policy state and what was last requested.
 *
 * @param policy the prescale policy's state (a record of primitive arrays: Flink's POJO serializer)
 * @param leadSteps the lead L the policy state was started with; a change of L restarts it
 * @param lastStep the last grid step the policy saw demand for
 * @param lastDemand the demand at {@code lastStep} (NaN before the first)
 * @param requested the amount last requested (NaN when nothing holds, e.g. while disabled)
 * @param requestedSpeculative the speculative (pre-warm) part of that request
 * @param leaseExpiryMillis when the last request's lease lapses
 * @param gapThrough the last missing step a timer released (below {@code lastStep} when none)
 * @param gapAllocation the allocation after {@code gapThrough}
 */
public record ResourceTrack(
        PrescaleState policy,
        int leadSteps,
        long lastStep,
        double lastDemand,
        double requested,
        double requestedSpeculative,
        long leaseExpiryMillis,
        long gapThrough,
        double gapAllocation) {

    static ResourceTrack fresh(PrescaleState policy, int leadSteps, long firstStep) {
        return new ResourceTrack(
                policy,
                leadSteps,
                firstStep - 1,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Long.MIN_VALUE,
                firstStep - 1,
                Double.NaN);
    }

    ResourceTrack stepped(long step, double demand) {
        return new ResourceTrack(
                policy,
                leadSteps,
                step,
                demand,
                requested,
                requestedSpeculative,
                leaseExpiryMillis,
                step,
                Double.NaN);
    }

    ResourceTrack requested(double amount, double speculative, long leaseExpiry) {
        return new ResourceTrack(
                policy,
                leadSteps,
                lastStep,
                lastDemand,
                amount,
                speculative,
                leaseExpiry,
                gapThrough,
                gapAllocation);
    }

    /** Nothing held as requested: the next decision is sent whatever it is. */
    ResourceTrack unrequested() {
        return requested(Double.NaN, Double.NaN, Long.MIN_VALUE);
    }

    ResourceTrack gapped(long step, double allocation) {
        return new ResourceTrack(
                policy,
                leadSteps,
                lastStep,
                lastDemand,
                requested,
                requestedSpeculative,
                leaseExpiryMillis,
                step,
                allocation);
    }

    /** Whether {@code gapThrough} continues from a real step (no timer released anything yet). */
    boolean inGap() {
        return gapThrough > lastStep;
    }
}
