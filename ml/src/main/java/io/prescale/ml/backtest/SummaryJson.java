package io.prescale.ml.backtest;

import java.util.List;
import java.util.Locale;

/**
 * {@code summary.json}: per policy its knob (and what it is: p, 1/u, m or none), score, realised
 * against target and, after a sweep, its cost at 1 % and 5 % violation in both views. Written by
 * hand: a handful of numbers does not need a JSON library in {@code ml/}.
 */
public final class SummaryJson {
    /** The violation levels the sweep reports cost at. */
    public static final double[] LEVELS = {0.01, 0.05};

    private SummaryJson() {}

    public static String render(
            BacktestOptions o,
            int entities,
            int entitiesScored,
            int steps,
            List<PolicyResult> results,
            double seconds) {
        StringBuilder b = new StringBuilder();
        b.append("{\n");
        field(b, 1, "trace", quote(o.trace().toString())).append(",\n");
        field(b, 1, "metric", quote(o.metric())).append(",\n");
        field(b, 1, "stepSeconds", Long.toString(o.step().toSeconds())).append(",\n");
        field(b, 1, "leadSteps", Integer.toString(o.leadSteps())).append(",\n");
        field(b, 1, "warmupDays", num(o.warmupDays())).append(",\n");
        field(b, 1, "entities", Integer.toString(entities)).append(",\n");
        // an entity no longer than its warm-up is in the trace but not scored
        field(b, 1, "entitiesScored", Integer.toString(entitiesScored)).append(",\n");
        field(b, 1, "steps", Integer.toString(steps)).append(",\n");
        field(b, 1, "targetViolation", num(o.targetViolation())).append(",\n");
        field(b, 1, "seconds", num(seconds)).append(",\n");
        b.append("  \"policies\": {\n");
        for (int i = 0; i < results.size(); i++) {
            policy(b, results.get(i), o.targetViolation());
            b.append(i + 1 < results.size() ? ",\n" : "\n");
        }
        b.append("  }\n}\n");
        return b.toString();
    }

    private static void policy(StringBuilder b, PolicyResult r, double target) {
        Score s = r.score();
        b.append("    ").append(quote(r.policy())).append(": {\n");
        field(b, 3, "knob", num(r.knob())).append(",\n");
        field(b, 3, "knobName", quote(r.knobName())).append(",\n");
        if (!Double.isNaN(r.percentile())) {
            field(b, 3, "percentile", num(r.percentile())).append(",\n");
        }
        field(b, 3, "violation", num(s.pooledViolation())).append(",\n");
        field(
                        b,
                        3,
                        "violationPerEntity",
                        "{\"p50\": "
                                + num(s.perEntityP50())
                                + ", \"p95\": "
                                + num(s.perEntityP95())
                                + ", \"max\": "
                                + num(s.perEntityMax())
                                + "}")
                .append(",\n");
        field(b, 3, "cost", num(s.cost())).append(",\n");
        field(b, 3, "shortfall", num(s.shortfall())).append(",\n");
        field(b, 3, "slack", num(s.slack())).append(",\n");
        field(b, 3, "scaleActionsPerEntityDay", num(s.actionsPerEntityDay())).append(",\n");
        field(
                b,
                3,
                "realisedVsTarget",
                "{\"target\": "
                        + num(target)
                        + ", \"pooled\": "
                        + num(s.pooledViolation())
                        + ", \"perEntityP95\": "
                        + num(s.perEntityP95())
                        + "}");
        if (r.sweep() != null) {
            b.append(",\n");
            SweepResult w = r.sweep();
            StringBuilder at = new StringBuilder("{");
            for (int i = 0; i < LEVELS.length; i++) {
                at.append(i > 0 ? ", " : "")
                        .append('"')
                        .append(pct(LEVELS[i]))
                        .append("\": {\"pooled\": ")
                        .append(num(w.costAt(LEVELS[i], true)))
                        .append(", \"perEntity\": ")
                        .append(num(w.costAt(LEVELS[i], false)))
                        .append('}');
            }
            field(b, 3, "costAt", at.append('}').toString()).append(",\n");
            field(b, 3, "sweepPoints", Integer.toString(w.points()));
        }
        b.append("\n    }");
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f%%", v * 100);
    }

    private static StringBuilder field(StringBuilder b, int indent, String name, String value) {
        return b.append("  ".repeat(indent)).append(quote(name)).append(": ").append(value);
    }

    /** A JSON number; NaN and infinities (outside a swept range) become null. */
    static String num(double v) {
        return Double.isFinite(v) ? significant(v, 6) : "null";
    }

    /**
     * {@code v} to {@code digits} significant digits, without trailing zeros (0.01, not 0.0100).
     */
    static String significant(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "g", v)
                .replaceAll("(\\.\\d*?)0+($|e)", "$1$2")
                .replaceAll("\\.($|e)", "$1");
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
