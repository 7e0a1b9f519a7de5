package io.prescale.ml.backtest;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * What {@code prescale backtest} (and {@link BacktestMain}) print: the numbers of {@code
 * summary.json}, each block saying what it is.
 *
 * <ol>
 *   <li>Each policy's own run, at its knob: prescale online at the target p, nothing tuned for the
 *       run; each reference policy at the knob chosen in hindsight (the smallest on the sweep grid
 *       whose per-entity p95 violation is within the target, a calibration prescale does not get).
 *       These runs sit at different violations, so their costs do not compare.
 *   <li>The like-for-like comparison: each policy's cost at the same violation, 1 % and 5 %, pooled
 *       and per entity, read off its sweep curve ({@link SweepResult}, the figures {@code
 *       summary.json}'s {@code costAt} holds); without {@code --sweep}, a line saying how to get
 *       it.
 * </ol>
 */
public final class SummaryText {
    private SummaryText() {}

    /** Prints {@code results} of a run with options {@code o}. */
    public static void print(BacktestOptions o, List<PolicyResult> results, PrintWriter out) {
        String p = SummaryJson.significant(o.targetViolation(), 4);
        out.println(
                o.trace().getFileName()
                        + ", metric "
                        + o.metric()
                        + ", step "
                        + o.step().toSeconds()
                        + " s, lead "
                        + o.leadSteps()
                        + " steps, warm-up "
                        + SummaryJson.significant(o.warmupDays(), 4)
                        + " d per entity (not scored). Cost: the sum of allocations over the sum of"
                        + " demand (1 is the oracle, which allocates the demand itself); lower is"
                        + " better at equal violation.");
        out.println(
                "Each policy's own run (summary.json \"policies\"), at different violations:"
                        + " its cost does not compare across lines.");
        out.println(
                "  prescale runs online at target p "
                        + p
                        + ", nothing tuned for this run (its defaults were chosen on the shared"
                        + " traces); each reference at its knob tuned in hindsight, the smallest"
                        + " with per-entity p95 violation <= "
                        + p
                        + ".");
        out.println(
                "  Knobs: p target violation; 1/u multiplier of the demand (u target"
                        + " utilisation); m margin; q the vpa-tuned histogram's percentile.");
        boolean references =
                results.stream()
                        .anyMatch(
                                r ->
                                        !r.policy().equals("prescale")
                                                && !r.policy().equals("oracle"));
        if (references) {
            out.println(
                    "  References (../shared/data/README.md): reactive max(d[t-L], d[t-L-1]) / u,"
                            + " no tolerance; seasonal max(d[t-1 d], d[t-7 d], d[t-L]) / u; vpa m x the"
                            + " 95th percentile of a decaying histogram (half-life 1 d, buckets x1.05)"
                            + " of d up to t-L; vpa-tuned the same at the cheapest of the percentiles"
                            + " 90, 95, 98, 99 and 99.5; static m x the peak so far; one knob for all"
                            + " entities.");
        }
        runs(results, out);
        if (results.stream().noneMatch(r -> r.sweep() != null)) {
            out.println(
                    "Cost at equal violation: run with --sweep (the costs above are each at its"
                            + " policy's own violation and do not compare).");
        } else {
            costsAtEqualViolation(results, out);
        }
    }

    /** One line per policy: its knob and its score. */
    private static void runs(List<PolicyResult> results, PrintWriter out) {
        for (PolicyResult r : results) {
            Score s = r.score();
            out.printf(
                    Locale.ROOT,
                    "%-9s %-17s violation %.4f (per-entity p95 %.4f, max %.4f) cost %s"
                            + " actions/entity-day %.1f%n",
                    r.policy(),
                    r.knobLabel(),
                    s.pooledViolation(),
                    s.perEntityP95(),
                    s.perEntityMax(),
                    s.costDefined()
                            ? String.format(Locale.ROOT, "%.3f", s.cost())
                            : "undefined (no demand in the scored steps)",
                    s.actionsPerEntityDay());
        }
    }

    /** Each policy's cost at {@link SummaryJson#LEVELS} in both views, as summary.json's costAt. */
    private static void costsAtEqualViolation(List<PolicyResult> results, PrintWriter out) {
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-9s", ""));
        for (String view : new String[] {"pooled", "per-entity p95"}) {
            for (double level : SummaryJson.LEVELS) {
                head.append(
                        String.format(Locale.ROOT, " %18s", view + " " + SummaryJson.pct(level)));
            }
        }
        out.println(
                "Cost at equal violation, read off each policy's sweep (summary.json"
                        + " policies.<name>.costAt):");
        out.println(head);
        boolean missing = false;
        for (PolicyResult r : results) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-9s", r.policy()));
            for (boolean pooled : new boolean[] {true, false}) {
                for (double level : SummaryJson.LEVELS) {
                    double c = r.sweep() == null ? Double.NaN : r.sweep().costAt(level, pooled);
                    missing |= !Double.isFinite(c);
                    String cost = String.format(Locale.ROOT, "%.3f", c);
                    line.append(
                            String.format(Locale.ROOT, " %18s", Double.isFinite(c) ? cost : "-"));
                }
            }
            out.println(line);
        }
        if (missing) {
            out.println("(-: not swept, the level outside the swept violations, or no demand)");
        }
    }
}
