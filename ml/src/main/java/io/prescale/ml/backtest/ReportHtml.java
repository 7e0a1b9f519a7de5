package io.prescale.ml.backtest;

import io.prescale.ml.trace.DemandGrid;
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
                .append(grid.entities().size())
                .append(" entities × ")
                .append(grid.steps())
                .append(" steps of ")
                .append(o.step().toSeconds())
                .append(" s, lead ")
                .append(o.leadSteps())
                .append(" steps, target violation ")
                .append(fmt(o.targetViolation() * 100))
                .append(" %.</p>\n");
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
                    .append(fmt(r.knob()))
                    .append("</td><td>")
                    .append(fmt(s.pooledViolation() * 100))
                    .append(" %</td><td>")
                    .append(fmt(s.perEntityP95() * 100))
                    .append(" %</td><td>")
                    .append(s.costDefined() ? fmt(s.cost()) : "undefined (no demand)")
                    .append("</td><td>")
                    .append(fmt(s.actionsPerEntityDay()))
                    .append("</td>");
            SweepResult w = r.sweep();
            for (double[] v : new double[][] {{0.01, 1}, {0.05, 1}, {0.01, 0}, {0.05, 0}}) {
                double c =
                        w == null
                                ? Double.NaN
                                : v[1] == 1 ? w.pooledCostAt(v[0]) : w.perEntityCostAt(v[0]);
                b.append("<td>").append(Double.isFinite(c) ? fmt(c) : "–").append("</td>");
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
        axes(b, "violation (%)", "cost Σa/Σd (log)");
        double maxCost = 30;
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
            axes(b, "last two days", "demand");
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
                double px = PAD + (W - 2 * PAD) * (t - from) / (double) Math.max(1, to - from - 1);
                double py = H - PAD - (H - 2 * PAD) * Math.min(v[t], top) / top;
                b.append(fmt(px)).append(',').append(fmt(py)).append(' ');
            }
        }
        b.append("\"/>");
    }

    private static void axes(StringBuilder b, String xLabel, String yLabel) {
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
