package io.prescale.ml.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one {@link CapacityArbiter#arbitrate}: one grant per request, in request order.
 *
 * @param capacity the pool's capacity, &ge; 0, {@code +∞} when unlimited
 * @param grants one per request, in the order of the requests
 */
public record Arbitration(double capacity, List<Grant> grants) {

    public Arbitration {
        grants = List.copyOf(grants);
    }

    /** Σ granted. */
    public double granted() {
        return grants.stream().mapToDouble(Grant::granted).sum();
    }

    /** Σ requested. */
    public double requested() {
        return grants.stream().mapToDouble(Grant::requested).sum();
    }

    /** Capacity left after the grants, &ge; 0 ({@code +∞} when unlimited). */
    public double headroom() {
        return Math.max(0, capacity - granted());
    }

    /** Totals per tier, highest tier (smallest number) first. */
    public List<TierUsage> tiers() {
        Map<Integer, double[]> sums = new TreeMap<>();
        for (Grant g : grants) {
            double[] s = sums.computeIfAbsent(g.tier(), t -> new double[3]);
            s[0]++;
            s[1] += g.requested();
            s[2] += g.granted();
        }
        List<TierUsage> out = new ArrayList<>();
        sums.forEach((tier, s) -> out.add(new TierUsage(tier, (int) s[0], s[1], s[2])));
        return out;
    }
}
