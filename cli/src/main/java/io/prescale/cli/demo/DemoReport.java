package io.prescale.cli.demo;

import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import io.prescale.model.Forecast;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's report: one self-contained HTML page (inline CSS and SVG, no script, nothing fetched)
 * with the run's figures and, per entity, demand (window max of the demand metric) against the
 * forecast, the commanded allocation and the allocation the process pool applied (workers × amount
 * per worker), each at the time the capacity was needed.
 */
public final class DemoReport {
    private static final int W = 760;
    private static final int H = 180;
    private static final int PAD = 36;

    private DemoReport() {}

    public static void write(Path file, DemoRun run) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, html(run));
    }

    static String html(DemoRun run) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>prescale demo report</title><style>")
                .append("body{font:14px sans-serif;margin:24px;color:#222}")
                .append(
                        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px}")
                .append("td.n{text-align:right}.ok{color:#080}.bad{color:#b00}")
                .append("svg{border:1px solid #ddd;margin:4px 0 16px}</style></head><body>\n");
        b.append("<h1>prescale demo report</h1>\n");
        b.append(
                run.ok()
                        ? "<p class=\"ok\">Every command was applied and reported; the worker"
                                + " processes matched the last commands; none was left.</p>\n"
                        : "<p class=\"bad\">MISMATCH: "
                                + esc(String.join("; ", run.problems()))
                                + ".</p>\n");
        figures(b, run);
        b.append("<h2>Per entity</h2>\n<p>Demand: window max of <code>")
                .append(esc(run.demandMetric()))
                .append("</code> (blue); forecast mean (grey); commanded allocation (orange);")
                .append(" applied by the process pool (green, workers × ")
                .append(num(run.amountPerWorker()))
                .append("), at the time the capacity was needed.</p>\n");
        for (String entity : run.entities()) {
            chart(b, run, entity);
        }
        b.append("</body></html>\n");
        return b.toString();
    }

    private static void figures(StringBuilder b, DemoRun run) {
        b.append("<table>\n");
        row(b, "entities", run.entities().size());
        row(b, "samples replayed (+ malformed)", run.samples() + " (+" + run.malformedSent() + ")");
        row(b, "windows", run.windows().size());
        row(b, "forecasts", run.forecasts().size());
        row(b, "scale commands", run.commands().size());
        row(b, "actuations applied", run.resultsWith(ActuationStatus.APPLIED));
        row(
                b,
                "actuations rejected / failed / superseded",
                run.resultsWith(ActuationStatus.REJECTED)
                        + " / "
                        + run.resultsWith(ActuationStatus.FAILED)
                        + " / "
                        + run.resultsWith(ActuationStatus.SUPERSEDED));
        row(b, "alerts", run.alerts());
        row(b, "dead letters", run.deadLetters().size());
        row(
                b,
                "worker processes at the end (expected)",
                sum(run.workersAtEnd()) + " (" + sum(run.workersExpected()) + ")");
        row(b, "worker processes left after stop", run.workersLeft());
        row(b, "InfluxDB", run.influx());
        row(b, "wall time", String.format(Locale.ROOT, "%.1f s", run.seconds()));
        b.append("</table>\n");
    }

    private static void chart(StringBuilder b, DemoRun run, String entity) {
        List<List<double[]>> series = series(run, entity);
        double x0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = 1;
        for (List<double[]> s : series) {
            for (double[] p : s) {
                x0 = Math.min(x0, p[0]);
                x1 = Math.max(x1, p[0]);
                y1 = Math.max(y1, p[1]);
            }
        }
        b.append("<h3>")
                .append(esc(entity))
                .append("</h3>\n<svg xmlns=\"http://www.w3.org/2000/svg\"")
                .append(" width=\"")
                .append(W)
                .append("\" height=\"")
                .append(H)
                .append("\" role=\"img\" aria-label=\"")
                .append(esc(entity))
                .append("\">")
                .append("<text x=\"4\" y=\"14\" font-size=\"11\">")
                .append(num(y1))
                .append("</text>")
                .append("<text x=\"4\" y=\"")
                .append(H - PAD + 4)
                .append("\" font-size=\"11\">0</text>");
        if (x1 > x0) {
            String[] colours = {"#1f77b4", "#999999", "#ff7f0e", "#2ca02c"};
            for (int i = 0; i < series.size(); i++) {
                polyline(b, series.get(i), new double[] {x0, x1, y1}, colours[i], i == 1);
            }
            b.append("<text x=\"")
                    .append(PAD)
                    .append("\" y=\"")
                    .append(H - 8)
                    .append("\" font-size=\"11\">")
                    .append(Instant.ofEpochMilli((long) x0))
                    .append("</text><text x=\"")
                    .append(W - 170)
                    .append("\" y=\"")
                    .append(H - 8)
                    .append("\" font-size=\"11\">")
                    .append(Instant.ofEpochMilli((long) x1))
                    .append("</text>");
        }
        b.append("</svg>\n");
    }

    /**
     * The entity's (epoch ms, value) series: demand, forecast mean, commanded (steps) and applied
     * (steps), the last two at the commands' needed-by times.
     */
    private static List<List<double[]>> series(DemoRun run, String entity) {
        List<double[]> demand = new ArrayList<>();
        for (WindowAggregate w : run.windows()) {
            if (w.entity().equals(entity) && w.metric().equals(run.demandMetric())) {
                demand.add(new double[] {w.windowEnd().toEpochMilli(), w.max()});
            }
        }
        List<double[]> forecast = new ArrayList<>();
        for (Forecast f : run.forecasts()) {
            if (f.entity().equals(entity)
                    && f.metric().equals(run.demandMetric())
                    && f.horizon() == 1) {
                forecast.add(new double[] {f.target().toEpochMilli(), f.mean()});
            }
        }
        Map<Long, ScaleCommand> byVersion = new HashMap<>();
        TreeMap<Long, Double> commanded = new TreeMap<>();
        for (ScaleCommand c : run.commands()) {
            if (c.entity().equals(entity)) {
                byVersion.put(c.version(), c);
                commanded.put(c.neededBy().toEpochMilli(), c.targetAmount());
            }
        }
        TreeMap<Long, Double> applied = new TreeMap<>();
        for (ActuationResult r : run.results()) {
            ScaleCommand c = byVersion.get(r.version());
            if (r.entity().equals(entity) && c != null && r.status() == ActuationStatus.APPLIED) {
                applied.put(c.neededBy().toEpochMilli(), r.appliedAmount());
            }
        }
        return List.of(demand, forecast, steps(commanded), steps(applied));
    }

    /** A step function's points: each value holds until the next one. */
    private static List<double[]> steps(TreeMap<Long, Double> values) {
        List<double[]> out = new ArrayList<>();
        Double last = null;
        for (Map.Entry<Long, Double> e : values.entrySet()) {
            if (last != null) {
                out.add(new double[] {e.getKey(), last});
            }
            out.add(new double[] {e.getKey(), e.getValue()});
            last = e.getValue();
        }
        return out;
    }

    /** {@code box} = x0, x1 (epoch ms) and y1, the top of the value axis. */
    private static void polyline(
            StringBuilder b, List<double[]> pts, double[] box, String colour, boolean dashed) {
        if (pts.isEmpty()) {
            return;
        }
        double x0 = box[0];
        double x1 = box[1];
        double y1 = box[2];
        b.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"")
                .append(colour)
                .append('"');
        if (dashed) {
            b.append(" stroke-dasharray=\"4 3\"");
        }
        b.append(" points=\"");
        for (double[] p : pts) {
            double x = PAD + (p[0] - x0) / (x1 - x0) * (W - 2 * PAD);
            double y = (H - PAD) - p[1] / y1 * (H - PAD - 10);
            b.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        b.append("\"/>");
    }

    private static void row(StringBuilder b, String name, Object value) {
        b.append("<tr><th>")
                .append(esc(name))
                .append("</th><td class=\"n\">")
                .append(esc(String.valueOf(value)))
                .append("</td></tr>\n");
    }

    private static int sum(Map<String, Integer> m) {
        return m.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
