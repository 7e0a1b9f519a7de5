package io.prescale.ml.capacity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns arbitrated grants into commitments that fit the pool at every future time.
 *
 * <p>The {@link CapacityArbiter} shares capacity among the requests in force; but grants take
 * effect at their needed-by times, and other entities' earlier grants may still be in force for a
 * while after (a cut decided now for {@code t + L} frees capacity only from {@code t + L}). Against
 * the pool's {@link UsageTimeline} {@code U}:
 *
 * <ol>
 *   <li>every decrease is committed in full: {@code U += (desired − previous)} from its effective
 *       time;
 *   <li>then increases, highest tier first (then by effective time and entity): an increase at
 *       {@code T} gets {@code g = min(desired, previous + max(0, C − max_{t ≥ T} U(t)))} and {@code
 *       U += g − previous} from {@code T}.
 * </ol>
 *
 * So {@code U(t) ≤ C} for every {@code t} after the plan whenever it held before (up to the
 * tolerance {@code 1e-9·max(1, C)}, which keeps floating-point noise from limiting a grant that
 * fits). When every request of a pool shares one lead time the arbitrated grants always fit and
 * nothing is limited; limits bite for interim requests (a cold start needed before the requests
 * already committed) and pools that mix lead times. With {@code C = +∞} every change is committed
 * as desired.
 */
public final class CommitPlanner {
    private CommitPlanner() {}

    /** The commits and the pool's usage after them. */
    public record Plan(List<Commit> commits, UsageTimeline timeline) {
        public Plan {
            commits = List.copyOf(commits);
        }
    }

    /**
     * @param capacity the pool's capacity, &ge; 0 or {@code +∞}
     * @param timeline the committed usage before these changes
     * @param changes at most one per entity
     */
    public static Plan plan(double capacity, UsageTimeline timeline, List<Change> changes) {
        if (!(capacity >= 0)) {
            throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
        }
        double tolerance = 1e-9 * Math.max(1, capacity);
        List<Commit> commits = new ArrayList<>(changes.size());
        UsageTimeline u = timeline;
        for (Change c : changes) {
            if (c.isDecrease()) {
                commits.add(new Commit(c, c.desired(), false));
                u = u.plus(c.effective(), c.desired() - c.previous());
            }
        }
        List<Change> increases =
                changes.stream()
                        .filter(c -> !c.isDecrease())
                        .sorted(
                                Comparator.comparingInt(Change::tier)
                                        .thenComparing(Change::effective)
                                        .thenComparing(Change::entity))
                        .toList();
        for (Change c : increases) {
            double free = Math.max(0, capacity - u.maxFrom(c.effective()));
            double g = c.desired();
            boolean limited = c.desired() - c.previous() > free + tolerance;
            if (limited) {
                g = c.previous() + free;
            }
            commits.add(new Commit(c, g, limited));
            u = u.plus(c.effective(), g - c.previous());
        }
        return new Plan(commits, u);
    }
}
