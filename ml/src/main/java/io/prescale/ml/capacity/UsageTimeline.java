package io.prescale.ml.capacity;

import java.time.Instant;
import java.util.Arrays;

/**
 * A pool's committed usage over time: Σ of the grants in force, as a step function. Grants take
 * effect at their needed-by time and hold until the entity's next grant, so usage changes only at
 * those times; a command issued now can be needed later than another one issued earlier, and this
 * keeps the usage of every future step in view.
 *
 * <p>{@code usage(t) = used[i]} for the last breakpoint {@code since[i] ≤ t}, and {@code before}
 * for {@code t < since[0]} (or everywhere when there is no breakpoint). Times are epoch
 * milliseconds internally; the API takes {@link Instant}s. Immutable: every change returns a new
 * timeline. Size: one breakpoint per distinct effective time still ahead of the prune horizon
 * (about lead + 2 for a pool whose requests share one lead time).
 *
 * @param before the usage before the first breakpoint, in the resource's unit
 * @param since the breakpoints, epoch milliseconds, strictly ascending
 * @param used the usage from each breakpoint on, same length as {@code since}
 */
public record UsageTimeline(double before, long[] since, double[] used) {

    public UsageTimeline {
        if (since.length != used.length) {
            throw new IllegalArgumentException(
                    "since and used must have the same length, were "
                            + since.length
                            + " and "
                            + used.length);
        }
        for (int i = 1; i < since.length; i++) {
            if (since[i] <= since[i - 1]) {
                throw new IllegalArgumentException("since must be strictly ascending at " + i);
            }
        }
        if (Double.isNaN(before)) {
            throw new IllegalArgumentException("before must not be NaN");
        }
    }

    /** Nothing committed. */
    public static UsageTimeline empty() {
        return new UsageTimeline(0, new long[0], new double[0]);
    }

    /** The usage at {@code t}. */
    public double at(Instant t) {
        int i = lastAtOrBefore(t.toEpochMilli());
        return i < 0 ? before : used[i];
    }

    /** The largest usage at any time from {@code t} on: what a grant effective at t must fit. */
    public double maxFrom(Instant t) {
        long ms = t.toEpochMilli();
        double max = at(t);
        for (int i = 0; i < since.length; i++) {
            if (since[i] > ms) {
                max = Math.max(max, used[i]);
            }
        }
        return max;
    }

    /** Adds {@code delta} to the usage from {@code from} on (a grant changing at that time). */
    public UsageTimeline plus(Instant from, double delta) {
        if (Double.isNaN(delta) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("delta must be finite, was " + delta);
        }
        long ms = from.toEpochMilli();
        int i = lastAtOrBefore(ms);
        long[] s;
        double[] u;
        if (i >= 0 && since[i] == ms) {
            s = since.clone();
            u = used.clone();
        } else {
            s = new long[since.length + 1];
            u = new double[used.length + 1];
            System.arraycopy(since, 0, s, 0, i + 1);
            System.arraycopy(used, 0, u, 0, i + 1);
            s[i + 1] = ms;
            u[i + 1] = i < 0 ? before : used[i];
            System.arraycopy(since, i + 1, s, i + 2, since.length - i - 1);
            System.arraycopy(used, i + 1, u, i + 2, used.length - i - 1);
            i++;
        }
        for (int k = i; k < u.length; k++) {
            u[k] += delta;
        }
        return new UsageTimeline(before, s, u);
    }

    /**
     * Forgets breakpoints before {@code horizon}: the last of them becomes {@code before}. A grant
     * effective before the horizon is then checked as if it took effect at the horizon.
     */
    public UsageTimeline prunedBefore(Instant horizon) {
        int i = lastAtOrBefore(horizon.toEpochMilli());
        if (i < 0) {
            return this;
        }
        return new UsageTimeline(
                used[i],
                Arrays.copyOfRange(since, i + 1, since.length),
                Arrays.copyOfRange(used, i + 1, used.length));
    }

    private int lastAtOrBefore(long ms) {
        int i = -1;
        while (i + 1 < since.length && since[i + 1] <= ms) {
            i++;
        }
        return i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UsageTimeline t
                && Double.compare(before, t.before) == 0
                && Arrays.equals(since, t.since)
                && Arrays.equals(used, t.used);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Double.hashCode(before) + Arrays.hashCode(since)) + Arrays.hashCode(used);
    }

    @Override
    public String toString() {
        return "UsageTimeline[before="
                + before
                + ", since="
                + Arrays.toString(since)
                + ", used="
                + Arrays.toString(used)
                + "]";
    }
}
