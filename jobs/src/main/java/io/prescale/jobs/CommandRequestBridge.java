package io.prescale.jobs;

import io.prescale.model.ScaleCommand;
import io.prescale.operators.allocation.AllocationRequest;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * BRIDGE, to be removed when {@code AllocationFunction} emits {@link AllocationRequest}s itself:
 * turns each command of today's allocation operator into the request the arbiter expects. Every
 * entity is in pool {@code default}; its tier comes from {@code capacity.tiers} (0 when not
 * listed); the command's target is the amount, with no speculative part and no floor (the command
 * does not say them). The command's lease expiry is the request's, and its version is dropped: the
 * arbiter versions the commands it emits.
 */
public final class CommandRequestBridge implements MapFunction<ScaleCommand, AllocationRequest> {
    public static final String POOL = "default";

    private final TreeMap<String, Integer> tiers;

    public CommandRequestBridge(Map<String, Integer> tiers) {
        this.tiers = new TreeMap<>(tiers);
    }

    @Override
    public AllocationRequest map(ScaleCommand c) {
        return new AllocationRequest(
                c.entity(),
                POOL,
                c.resource(),
                c.unit(),
                tiers.getOrDefault(c.entity(), 0),
                c.targetAmount(),
                0,
                0,
                c.reason(),
                c.forecastQuantile(),
                c.forecastHorizonSteps(),
                c.confidence(),
                c.issuedAt(),
                c.neededBy(),
                c.leaseExpiry());
    }
}
