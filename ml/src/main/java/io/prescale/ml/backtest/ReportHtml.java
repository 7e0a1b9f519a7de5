package io.prescale.ml.backtest;

import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.Plural;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code report.html}: one self-contained page (inline SVG and CSS, no script, no external
 * resource) with every policy's cost-versus-violation curve in both views and, for a few entities,
 * demand against prescale's forecast and allocation over the last two days.
 */
public final class ReportHtml {
    private static final String[] COLOURS = {
        "#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#7f7f7f"
    };
    private static final int W = 640;
    private static final int H = 320;
    private static final int PAD = 48;
    private static final double MAX_VIOLATION = 0.15;

    private ReportHtml() {}

    public static String render(BacktestOptions o, DemandGrid grid, List<PolicyResult> results) {
        StringBuilder b = new StringBuilder(1 << 16);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<link rel=\"icon\" href=\"data:,\">")
                .append("<title>prescale backtest: ")
                .append(esc(o.metric()))
                .append("</title>")
                .append(
                        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                .append(
                        "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}svg{background:#fafafa}</style>")
                .append("</head><body>\n<h1>Backtest of ")
                .append(esc(o.trace().getFileName().toString()))
                .append(", ")
                .append(esc(o.metric()))
                .append("</h1>\n<p>")
                .append(Plural.of(grid.entities().size(), "entity", "entities"))
                .append(" × ")
                .append(Plural.of(grid.steps(), "step"))
                .append(" of ")
                .append(o.step().toSeconds())
                .append(" s, lead ")
                .append(Plural.of(o.leadSteps(), "step"))
                .append(", target violation ")
                .append(fmt(o.targetViolation() * 100))
                .append(
                        " %. prescale runs online at the target, nothing tuned for the run (its defaults were chosen on the shared traces); each reference")
                .append(" policy at its knob tuned in hindsight, the smallest whose per-entity p95")
                .append(
                        " violation is within the target (knobs: p target violation, 1/u multiplier")
                .append(" of the demand with u the target utilisation, m margin). The runs sit at")
                .append(" different violations: the costs at 1 % and 5 % (from a sweep) compare")
                .append(" like for like.</p>\n");
        table(b, results);
        curves(b, results, true);
        curves(b, results, false);
        entities(b, grid, results);
        return b.append("</body></html>\n").toString();
    }

    private static void table(StringBuilder b, List<PolicyResult> results) {
        b.append("<table><tr><th>policy</th><th>knob</th><th>violation</th><th>per-entity p95</th>")
                .append("<th>cost</th><th>actions / entity-day</th><th>cost @1 % pooled</th>")
                .append(
                        "<th>@5 % pooled</th><th>@1 % per entity</th><th>@5 % per entity</th></tr>\n");
        for (PolicyResult r : results) {
            Score s = r.score();
            b.append("<tr><td>")
                    .append(esc(r.policy()))
                    .append("</td><td>")
                    .append(esc(r.knobLabel()))
                    .append("</td><td>")
                    .append(fmt(s.pooledViolation() * 100))
                    .append(" %</td><td>")
                    .append(fmt(s.perEntityP95() * 100))
                    .append(" %</td><td>")
                    .append(s.costDefined() ? fmt(s.cost()) : "undefined (no demand)")
                    .append("</td><td>")
                    .append(fmt(s.actionsPerEntityDay()))
                    .append("</td>");
            for (boolean pooled : new boolean[] {true, false}) {
                for (double level : SummaryJson.LEVELS) {
                    double c = r.sweep() == null ? Double.NaN : r.sweep().costAt(level, pooled);
                    b.append("<td>").append(Double.isFinite(c) ? fmt(c) : "–").append("</td>");
                }
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
    }

    private static void curves(StringBuilder b, List<PolicyResult> results, boolean pooled) {
        b.append("<h2>Cost against ")
                .append(pooled ? "pooled violation" : "per-entity p95 violation")
                .append("</h2>\n<svg width=\"")
                .append(W)
                .append("\" height=\"")
                .append(H)
                .append("\" viewBox=\"0 0 ")
                .append(W)
                .append(' ')
                .append(H)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        double maxCost = 30;
        List<Tick> xTicks = new ArrayList<>();
        for (int pct = 0; pct <= Math.round(MAX_VIOLATION * 100); pct += 3) {
            xTicks.add(new Tick(x(pct / 100.0), Integer.toString(pct)));
        }
        List<Tick> yTicks = new ArrayList<>();
        for (int cost : new int[] {1, 2, 5, 10, 20, 30}) {
            yTicks.add(new Tick(yLog(cost, maxCost), Integer.toString(cost)));
        }
        axes(b, "violation (%)", "cost Σa/Σd (log)", xTicks, yTicks);
        for (int i = 0; i < results.size(); i++) {
            PolicyResult r = results.get(i);
            String colour = COLOURS[i % COLOURS.length];
            SweepResult w = r.sweep();
            if (w != null) {
                Curve c = pooled ? w.pooled() : w.perEntity();
                b.append("<polyline fill=\"none\" stroke=\"")
                        .append(colour)
                        .append("\" stroke-width=\"1.5\" points=\"");
                for (int k = 0; k < c.violation().length; k++) {
                    if (c.violation()[k] <= MAX_VIOLATION
                            && c.cost()[k] <= maxCost
                            && c.cost()[k] > 0) {
                        b.append(fmt(x(c.violation()[k])))
                                .append(',')
                                .append(fmt(yLog(c.cost()[k], maxCost)))
                                .append(' ');
                    }
                }
                b.append("\"/>");
            }
            double v = pooled ? r.score().pooledViolation() : r.score().perEntityP95();
            // without demand a policy has no cost to place it at: its name only
            if (r.score().costDefined()) {
                circle(b, colour, v, r.score().cost(), maxCost);
            }
            b.append("<text x=\"")
                    .append(W - 110)
                    .append("\" y=\"")
                    .append(20 + 16 * i)
                    .append("\" fill=\"")
                    .append(colour)
                    .append("\" font-size=\"12\">")
                    .append(esc(r.policy()))
                    .append("</text>");
        }
        b.append("</svg>\n");
    }

    /** The policy's point on a cost curve: at violation {@code v} and its cost. */
    private static void circle(
            StringBuilder b, String colour, double v, double cost, double maxCost) {
        b.append("<circle r=\"4\" fill=\"")
                .append(colour)
                .append("\" cx=\"")
                .append(fmt(x(Math.min(v, MAX_VIOLATION))))
                .append("\" cy=\"")
                .append(fmt(yLog(Math.min(cost, maxCost), maxCost)))
                .append("\"/>");
    }

    private static void entities(StringBuilder b, DemandGrid grid, List<PolicyResult> results) {
        PolicyResult prescale =
                results.stream()
                        .filter(r -> r.policy().equals("prescale"))
                        .findFirst()
                        .orElse(null);
        if (prescale == null) {
            return;
        }
        int twoDays = 2 * (int) (86_400_000L / grid.step().toMillis());
        int n = Math.min(3, grid.entities().size());
        for (int e = 0; e < n; e++) {
            // the entity's own last two observed days: entities need not share a span
            int steps = grid.lastObservedStep()[e] + 1;
            int from = Math.max(grid.firstObservedStep()[e], steps - twoDays);
            double[] d = grid.values()[e];
            double top = 1e-9;
            for (int t = from; t < steps; t++) {
                top = Math.max(top, Math.max(d[t], prescale.allocations()[e][t]));
            }
            b.append("<h2>")
                    .append(esc(grid.entities().get(e)))
                    .append(
                            ": demand (black), prescale forecast (orange), allocation (red)</h2>\n<svg width=\"")
                    .append(W)
                    .append("\" height=\"")
                    .append(H)
                    .append("\" viewBox=\"0 0 ")
                    .append(W)
                    .append(' ')
                    .append(H)
                    .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
            axes(
                    b,
                    "hours before the entity's last sample",
                    "demand",
                    hourTicks(grid, from, steps),
                    List.of(
                            new Tick(py(0, top), "0"),
                            new Tick(py(top / 2, top), tickLabel(top / 2)),
                            new Tick(py(top, top), tickLabel(top))));
            series(b, d, from, steps, top, "#000");
            if (prescale.forecast() != null) {
                series(b, prescale.forecast()[e], from, steps, top, "#ff7f0e");
            }
            series(b, prescale.allocations()[e], from, steps, top, "#d62728");
            b.append("</svg>\n");
        }
    }

    private static void series(
            StringBuilder b, double[] v, int from, int to, double top, String colour) {
        b.append("<polyline fill=\"none\" stroke-width=\"1\" stroke=\"")
                .append(colour)
                .append("\" points=\"");
        for (int t = from; t < to; t++) {
            if (Double.isFinite(v[t])) {
                b.append(fmt(px(t, from, to)))
                        .append(',')
                        .append(fmt(py(Math.min(v[t], top), top)))
                        .append(' ');
            }
        }
        b.append("\"/>");
    }

    /** Every 12 hours back from an entity's last observed step, as far as {@code from}. */
    private static List<Tick> hourTicks(DemandGrid grid, int from, int to) {
        long perTick = Math.max(1, 43_200_000L / grid.step().toMillis());
        List<Tick> ticks = new ArrayList<>();
        for (int k = 0; to - 1 - k * perTick >= from; k++) {
            ticks.add(
                    new Tick(
                            px((int) (to - 1 - k * perTick), from, to),
                            k == 0 ? "0" : "−" + 12 * k));
        }
        return ticks;
    }

    private static double px(int t, int from, int to) {
        return PAD + (W - 2 * PAD) * (t - from) / (double) Math.max(1, to - from - 1);
    }

    private static double py(double v, double top) {
        return H - PAD - (H - 2 * PAD) * v / top;
    }

    /** A labelled mark on an axis, {@code at} pixels along it. */
    private record Tick(double at, String label) {}

    private static void axes(
            StringBuilder b, String xLabel, String yLabel, List<Tick> xTicks, List<Tick> yTicks) {
        for (Tick t : xTicks) {
            b.append("<line x1=\"")
                    .append(fmt(t.at()))
                    .append("\" y1=\"")
                    .append(H - PAD)
                    .append("\" x2=\"")
                    .append(fmt(t.at()))
                    .append("\" y2=\"")
                    .append(H - PAD + 4)
                    .append(
                            "\" stroke=\"#333\"/><text text-anchor=\"middle\" font-size=\"11\" x=\"")
                    .append(fmt(t.at()))
                    .append("\" y=\"")
                    .append(H - PAD + 16)
                    .append("\">")
                    .append(esc(t.label()))
                    .append("</text>");
        }
        for (Tick t : yTicks) {
            b.append("<line x1=\"")
                    .append(PAD - 4)
                    .append("\" y1=\"")
                    .append(fmt(t.at()))
                    .append("\" x2=\"")
                    .append(PAD)
                    .append("\" y2=\"")
                    .append(fmt(t.at()))
                    .append("\" stroke=\"#333\"/><text text-anchor=\"end\" font-size=\"11\" x=\"")
                    .append(PAD - 6)
                    .append("\" y=\"")
                    .append(fmt(t.at() + 4))
                    .append("\">")
                    .append(esc(t.label()))
                    .append("</text>");
        }
        b.append("<line x1=\"")
                .append(PAD)
                .append("\" y1=\"")
                .append(H - PAD)
                .append("\" x2=\"")
                .append(W - PAD)
                .append("\" y2=\"")
                .append(H - PAD)
                .append("\" stroke=\"#333\"/>")
                .append("<line x1=\"")
                .append(PAD)
                .append("\" y1=\"")
                .append(PAD)
                .append("\" x2=\"")
                .append(PAD)
                .append("\" y2=\"")
                .append(H - PAD)
                .append("\" stroke=\"#333\"/>")
                .append("<text x=\"")
                .append(W / 2)
                .append("\" y=\"")
                .append(H - 12)
                .append("\" font-size=\"12\">")
                .append(esc(xLabel))
                .append("</text><text x=\"4\" y=\"")
                .append(PAD - 10)
                .append("\" font-size=\"12\">")
                .append(esc(yLabel))
                .append("</text>");
    }

    private static double x(double violation) {
        return PAD + (W - 2 * PAD) * violation / MAX_VIOLATION;
    }

    private static double yLog(double cost, double maxCost) {
        double f = Math.log(Math.max(cost, 1)) / Math.log(maxCost);
        return H - PAD - (H - 2 * PAD) * f;
    }

    /** Three significant digits, without an exponent for the thousands demand can reach. */
    private static String tickLabel(double v) {
        return v >= 1000 ? String.format(Locale.ROOT, "%.0f", v) : fmt(v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
