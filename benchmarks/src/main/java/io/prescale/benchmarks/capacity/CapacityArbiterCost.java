package io.prescale.benchmarks.capacity;

import io.prescale.ml.capacity.Arbitration;
import io.prescale.ml.capacity.CapacityArbiter;
import io.prescale.ml.capacity.CapacityRequest;
import io.prescale.ml.capacity.Change;
import io.prescale.ml.capacity.CommitPlanner;
import io.prescale.ml.capacity.Grant;
import io.prescale.ml.capacity.UsageTimeline;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * CPU cost of one arbitration round of the pure capacity core: {@link CapacityArbiter} over n
 * requests in 3 tiers (seeded random amounts of 10–100, a third with a speculative part, a third
 * with a floor), capacity at 70 % of the total, then {@link CommitPlanner} committing every grant
 * that changed against a usage timeline.
 *
 * <p>Measured as thread CPU time ({@link ThreadMXBean}), not wall time: on the shared 2-core
 * machine a wall-clock JMH run of the same rounds gave error bars of ±100 % because the thread is
 * descheduled for most of each iteration. Per size: 3 warm-up repetitions, then 7 measured ones of
 * {@code max(20, 200,000 / n)} rounds; the median is reported. Usage: {@code CapacityArbiterCost [n
 * ...]} (default 100 1000 10000).
 */
public final class CapacityArbiterCost {
    private static final Instant NEEDED_BY = Instant.parse("2017-01-01T00:10:00Z");
    private static final int WARMUP = 3;
    private static final int REPETITIONS = 7;

    private final List<CapacityRequest> requests;
    private final double[] previous;
    private final double capacity;
    private final CapacityArbiter arbiter = CapacityArbiter.continuous();

    private CapacityArbiterCost(int n) {
        SplittableRandom random = new SplittableRandom(7);
        requests = new ArrayList<>(n);
        previous = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            double amount = 10 + random.nextDouble(90);
            double speculative = i % 3 == 0 ? amount * random.nextDouble(0.3) : 0;
            double floor = i % 3 == 1 ? amount * random.nextDouble(0.3) : 0;
            requests.add(new CapacityRequest("e" + i, i % 3, amount, speculative, floor));
            previous[i] = amount * random.nextDouble();
            total += amount;
        }
        capacity = 0.7 * total;
    }

    /** One round: arbitrate, then commit the changed grants; returns the commits made. */
    private int round() {
        Arbitration a = arbiter.arbitrate(capacity, requests);
        List<Change> changes = new ArrayList<>(requests.size());
        double used = 0;
        for (int i = 0; i < previous.length; i++) {
            Grant g = a.grants().get(i);
            used += previous[i];
            if (g.granted() != previous[i]) {
                changes.add(new Change(g.entity(), g.tier(), previous[i], g.granted(), NEEDED_BY));
            }
        }
        UsageTimeline timeline = UsageTimeline.empty().plus(NEEDED_BY.minusSeconds(600), used);
        return CommitPlanner.plan(capacity, timeline, changes).commits().size();
    }

    /** Median CPU microseconds per round. */
    private double measure(ThreadMXBean cpu, int rounds) {
        double[] perRound = new double[REPETITIONS];
        long sink = 0;
        for (int rep = -WARMUP; rep < REPETITIONS; rep++) {
            long start = cpu.getCurrentThreadCpuTime();
            for (int r = 0; r < rounds; r++) {
                sink += round();
            }
            double us = (cpu.getCurrentThreadCpuTime() - start) / 1e3 / rounds;
            if (rep >= 0) {
                perRound[rep] = us;
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        Arrays.sort(perRound);
        return perRound[REPETITIONS / 2];
    }

    public static void main(String[] args) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        int[] sizes =
                args.length == 0
                        ? new int[] {100, 1_000, 10_000}
                        : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.println("| requests | CPU µs per round (median of 7) | ns per request |");
        System.out.println("|---|---|---|");
        for (int n : sizes) {
            double us = new CapacityArbiterCost(n).measure(cpu, Math.max(20, 200_000 / n));
            System.out.printf("| %,d | %.1f | %.0f |%n", n, us, us * 1e3 / n);
        }
    }
}
