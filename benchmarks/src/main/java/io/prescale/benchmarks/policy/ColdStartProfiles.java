package io.prescale.benchmarks.policy;

import io.prescale.ml.policy.ClassProfile;
import io.prescale.ml.policy.DecisionSlot;
import io.prescale.ml.policy.PrescaleConfig;
import io.prescale.ml.policy.PrescalePolicy;
import io.prescale.ml.policy.PrescaleState;
import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.TraceReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How well a class profile starts new sessions: a real trace's entities are cut into sessions (2 to
 * 8 hours, 1 to 3 hours apart) and grouped into classes of several entities (a class of clients
 * whose sessions differ), and each session is replayed through the prescale policy from its class's
 * profile, built from the sessions of the class that ended before it started. Printed per rule of
 * folding an ended session's level into its class's: the under-provisioned share of sessions at
 * steps 1, 2, 3, 6 and 12, over the first 12 steps (the cold start), over steps 13 to 36 (the young
 * session, {@code PrescalePolicy}'s floor at its peak) and over whole sessions, and the cost
 * (allocation over demand) over the cold start and whole sessions. Sessions without a profile (the
 * first of each class) are not counted.
 *
 * <pre>
 * java -cp ... io.prescale.benchmarks.policy.ColdStartProfiles TRACE METRIC [CLASSES] [SEED]
 * </pre>
 */
public final class ColdStartProfiles {
    private static final int COLD = 12;
    private static final int YOUNG = 36;
    private static final int STEPS_PER_DAY = 288;
    private static final double P = 0.01;
    private static final int LEAD = 2;

    private ColdStartProfiles() {}

    /** A session: entity, class, and its steps [first, last]. */
    private record Session(int entity, int cls, int first, int last) {}

    /** An ended session's level and feedback correction, folded into its class at its end. */
    private record Ended(int end, double level, double correction) {}

    public static void main(String[] args) {
        Path trace = Path.of(args[0]);
        String metric = args[1];
        int classes = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        DemandGrid grid = TraceReader.read(trace, metric, Duration.ofMinutes(5));
        List<Session> sessions = sessions(grid, classes, seed);
        System.out.printf(
                "%s %s: %d entities in %d classes, %d sessions (steps of 5 min, p %.2f, lead %d)%n",
                trace.getFileName(),
                metric,
                grid.entities().size(),
                classes,
                sessions.size(),
                P,
                LEAD);
        for (double tau : new double[] {0.5, 0.8, 0.9, 0.95}) {
            report(grid, sessions, classes, tau, P);
        }
        report(grid, sessions, classes, ClassProfile.EXPECTILE, P / 2);
        for (double p : new double[] {0.005, 0.0025}) {
            report(grid, sessions, classes, 0.5, p);
        }
    }

    private static List<Session> sessions(DemandGrid grid, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Session> out = new ArrayList<>();
        for (int e = 0; e < grid.entities().size(); e++) {
            int t = grid.firstObservedStep()[e] + random.nextInt(0, 36);
            int last = grid.lastObservedStep()[e];
            while (t + COLD + LEAD <= last) {
                int end = Math.min(last, t + random.nextInt(24, 97) - 1);
                out.add(new Session(e, e % classes, t, end));
                t = end + 1 + random.nextInt(12, 37);
            }
        }
        out.sort(Comparator.comparingInt(Session::first));
        return out;
    }

    /**
     * Replays every session from its class's profile at target {@code p}, the profile folding in
     * ended sessions by the tau-expectile's update ({@link ClassProfile#plus} itself at its {@link
     * ClassProfile#EXPECTILE}; tau 0.5 is the running mean it kept before), and prints one line.
     */
    private static void report(
            DemandGrid grid, List<Session> sessions, int classes, double tau, double p) {
        PrescalePolicy policy = new PrescalePolicy(PrescaleConfig.defaults(p, LEAD, STEPS_PER_DAY));
        DecisionSlot slot = new DecisionSlot();
        ClassProfile[] profile = new ClassProfile[classes];
        List<List<Ended>> pending = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            pending.add(new ArrayList<>());
        }
        long[] missed = new long[YOUNG];
        long[] reached = new long[YOUNG];
        long counted = 0;
        double coldAlloc = 0;
        double coldDemand = 0;
        double allAlloc = 0;
        double allDemand = 0;
        long allMissed = 0;
        long allSteps = 0;
        for (Session s : sessions) {
            profile[s.cls()] = fold(profile[s.cls()], pending.get(s.cls()), s.first(), tau);
            ClassProfile from = profile[s.cls()];
            double[] d = grid.values()[s.entity()];
            int n = s.last() - s.first() + 1;
            double[] a = new double[n + LEAD];
            PrescaleState st = policy.start(s.first(), from, slot);
            for (int k = 0; k < LEAD; k++) {
                a[k] = slot.allocation();
            }
            for (int t = s.first(); t <= s.last(); t++) {
                policy.step(st, t, d[t], slot);
                a[t - s.first() + LEAD] = slot.allocation();
            }
            ClassProfile alone = policy.end(st, s.last() + 1, "c", null, slot);
            pending.get(s.cls())
                    .add(new Ended(s.last() + 1, alone.startAllocation(), alone.correction()));
            if (from == null) {
                continue;
            }
            counted++;
            for (int k = 0; k < n; k++) {
                double demand = d[s.first() + k];
                boolean miss = demand > a[k];
                if (k < YOUNG) {
                    missed[k] += miss ? 1 : 0;
                    reached[k]++;
                }
                if (k < COLD) {
                    coldAlloc += a[k];
                    coldDemand += demand;
                }
                allMissed += miss ? 1 : 0;
                allSteps++;
                allAlloc += a[k];
                allDemand += demand;
            }
        }
        StringBuilder perStep = new StringBuilder();
        for (int k : new int[] {1, 2, 3, 6, 12}) {
            perStep.append(String.format(" %4.1f", 100.0 * missed[k - 1] / reached[k - 1]));
        }
        long coldTotal = 0;
        long youngTotal = 0;
        long youngSteps = 0;
        for (int k = 0; k < YOUNG; k++) {
            if (k < COLD) {
                coldTotal += missed[k];
            } else {
                youngTotal += missed[k];
                youngSteps += reached[k];
            }
        }
        System.out.printf(
                "p %.4f tau %.2f: %d sessions from a profile; under-provisioned %% at steps 1, 2,"
                        + " 3, 6, 12:%s; cold start %.1f %% cost %.3f; steps 13-36 %.2f %%;"
                        + " whole sessions %.2f %% cost %.3f%n",
                p,
                tau,
                counted,
                perStep,
                100.0 * coldTotal / (counted * COLD),
                coldAlloc / coldDemand,
                100.0 * youngTotal / youngSteps,
                100.0 * allMissed / allSteps,
                allAlloc / allDemand);
    }

    /** The class's profile with its sessions ended by {@code now} folded in, in end order. */
    private static ClassProfile fold(ClassProfile p, List<Ended> pending, int now, double tau) {
        pending.sort(Comparator.comparingInt(Ended::end));
        while (!pending.isEmpty() && pending.get(0).end() <= now) {
            Ended e = pending.remove(0);
            if (p == null) {
                p = ClassProfile.first("c", e.level(), e.correction());
                continue;
            }
            if (tau == ClassProfile.EXPECTILE) {
                p = p.plus(e.level(), e.correction()); // the product's own rule
                continue;
            }
            double w = 1.0 / Math.min(p.sessions() + 1, 20);
            double gap = e.level() - p.startAllocation();
            double asym = 2 * (gap > 0 ? tau : 1 - tau);
            p =
                    new ClassProfile(
                            "c",
                            p.sessions() + 1,
                            Math.max(0, p.startAllocation() + Math.min(1, w * asym) * gap),
                            p.correction() + w * (e.correction() - p.correction()));
        }
        return p;
    }
}
