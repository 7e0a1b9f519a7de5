package io.prescale.operators.capacity;

import io.prescale.ml.capacity.ShadowPool;
import io.prescale.ml.capacity.UsageTimeline;
import io.prescale.operators.allocation.AllocationRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** The shadow pool's step and the pool's usage records of a round. */
final class PoolAccounting {
    private final ArbiterSettings settings;
    private final String pool;
    private final String resource;
    private final double capacity;

    PoolAccounting(ArbiterSettings settings, String pool, String resource, double capacity) {
        this.settings = settings;
        this.pool = pool;
        this.resource = resource;
        this.capacity = capacity;
    }

    /**
     * The shadow pool of a round: its size, and what it was sized from.
     *
     * @param size S, the shadow's size after the round, at most {@code headroom}
     * @param predictedIncrease P, the aggregate predicted increase
     * @param headroom H, what the pool's grants leave of its capacity from the round's step on
     * @param at the round's step time
     */
    record Shadow(double size, double predictedIncrease, double headroom, Instant at) {}

    /**
     * The shadow pool after this round: {@link ShadowPool#step} with the steps elapsed since the
     * previous round (1 for the first), and what the grants in force ({@code timeline}, with the
     * round's commits) grew by since it (0 for the first).
     */
    Shadow shadow(
            PoolState previous,
            double predictedIncrease,
            double headroom,
            UsageTimeline timeline,
            Instant at) {
        Instant last = previous.lastRound();
        boolean first = last == null || last.isAfter(at);
        double displaced = first ? 0 : Math.max(0, timeline.at(at) - timeline.at(last));
        double elapsed =
                first
                        ? 1
                        : (double) Duration.between(last, at).toMillis()
                                / settings.step().toMillis();
        double size =
                new ShadowPool(settings.shadow().decay())
                        .step(
                                previous.shadow().size(),
                                predictedIncrease,
                                headroom,
                                displaced,
                                elapsed)
                        .size();
        return new Shadow(size, predictedIncrease, headroom, at);
    }

    /**
     * The shadow pool's new state, with a command to its shadow entity when it is actuated and its
     * commanded size changes enough or is due for renewal ({@link ShadowCommands#next}). Not
     * actuated, the same step runs and its command is dropped: the state's commanded size is then
     * what would have been commanded, which the pool measurement records in both modes. A pool with
     * no lease active or nothing granted keeps no shadow ({@link ShadowCommands#idle}): its size is
     * 0, actuated or not.
     */
    ShadowCommands.Step shadowStep(
            SortedMap<String, ArbiterEntry> entries,
            ShadowState previous,
            Shadow shadow,
            long firstVersion) {
        String unit = previous.unit();
        Instant lease = null;
        double granted = 0;
        for (ArbiterEntry e : entries.values()) {
            AllocationRequest r = e.request();
            if (r != null) {
                granted += e.granted();
                unit = r.unit();
                lease = lease == null || r.leaseExpiry().isAfter(lease) ? r.leaseExpiry() : lease;
            }
        }
        ShadowCommands.ShadowStep step =
                new ShadowCommands.ShadowStep(
                        pool,
                        resource,
                        unit,
                        settings.quantum(pool + "/" + resource),
                        capacity,
                        shadow.headroom(),
                        shadow.size(),
                        shadow.predictedIncrease(),
                        granted,
                        shadow.at(),
                        lease);
        ShadowCommands.Step next =
                ShadowCommands.next(step, previous, settings.shadow(), firstVersion);
        // recommend-only: recorded as it would be commanded
        return settings.shadow().commands() ? next : new ShadowCommands.Step(next.state(), null);
    }

    /**
     * One record per tier of the entities in force, then the pool's totals with the shadow in
     * force: the target of its last command (what a backend runs), not the size decided, which
     * differs from it by the rounding to the quantum and the changes too small to command. A tier
     * of {@code tiersBefore} that no entity is in any more gets a record of 0: its rows had just
     * stopped, and a dashboard's {@code fill(previous)} drew its last values on (the hundred-and-
     * third tester's tiers added up to 99.84 of a pool of 80 that granted 74.38).
     */
    List<PoolUsage> usage(
            SortedMap<String, ArbiterEntry> entries,
            Set<Integer> tiersBefore,
            double shadow,
            Instant at) {
        Map<Integer, double[]> tiers = new TreeMap<>();
        for (int t : tiersBefore) {
            tiers.put(t, new double[2]);
        }
        for (ArbiterEntry e : entries.values()) {
            AllocationRequest r = e.request();
            if (r != null) {
                double[] t = tiers.computeIfAbsent(r.tier(), k -> new double[2]);
                t[0] += r.amount();
                t[1] += e.granted();
            }
        }
        List<PoolUsage> out = new ArrayList<>();
        double requested = 0;
        double granted = 0;
        for (Map.Entry<Integer, double[]> t : tiers.entrySet()) {
            double[] s = t.getValue();
            out.add(row(Integer.toString(t.getKey()), s[0], s[1], null, at));
            requested += s[0];
            granted += s[1];
        }
        out.add(row(PoolUsage.ALL_TIERS, requested, granted, shadow, at));
        return out;
    }

    private PoolUsage row(
            String tier, double requested, double granted, Double shadow, Instant at) {
        return new PoolUsage(
                pool,
                resource,
                tier,
                Double.isInfinite(capacity) ? null : capacity,
                requested,
                granted,
                Math.max(0, requested - granted),
                shadow,
                at);
    }
}
