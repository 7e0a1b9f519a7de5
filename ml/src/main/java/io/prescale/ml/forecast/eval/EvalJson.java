package io.prescale.ml.forecast.eval;

import io.prescale.model.Decimals;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The JSON form of an {@link EvalReport}: {@code {"horizon": h, "models": {NAME: {"mase": x,
 * "smape": x, "pinball": {"0.5": x, "0.9": x, "0.99": x}, "coverage": {"0.95": x, "0.99": x},
 * "coverageEntities": {"0.95": {"p5": x, "p50": x, "p95": x}, ...}}}}} with the ensemble under
 * {@code ensemble}, plus the context (trace, metric, step, entities, scored steps, warm-up).
 * Written by hand: a handful of numbers needs no JSON library in {@code ml/}. A number that is not
 * finite is written as {@code null}.
 */
public final class EvalJson {
    private EvalJson() {}

    public static String render(EvalReport r, EvalOptions o) {
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"trace\": ").append(quote(o.trace().toString())).append(",\n");
        b.append("  \"metric\": ").append(quote(o.metric())).append(",\n");
        b.append("  \"stepSeconds\": ").append(r.stepSeconds()).append(",\n");
        b.append("  \"horizon\": ").append(r.horizon()).append(",\n");
        b.append("  \"entities\": ").append(r.entities()).append(",\n");
        b.append("  \"entitiesScored\": ").append(r.entitiesScored()).append(",\n");
        b.append("  \"entitiesNotScored\": [")
                .append(
                        r.unscored().stream()
                                .map(EvalJson::quote)
                                .collect(Collectors.joining(", ")))
                .append("],\n");
        b.append("  \"scoredSteps\": ").append(r.scoredSteps()).append(",\n");
        b.append("  \"gapStepsNotScored\": ").append(r.gapSteps()).append(",\n");
        b.append("  \"warmupStepsPerEntity\": ").append(r.warmupSteps()).append(",\n");
        b.append("  \"config\": ").append(quote(r.config())).append(",\n");
        b.append("  \"models\": {\n");
        for (int i = 0; i < r.models().size(); i++) {
            model(b, r.models().get(i));
            b.append(i + 1 < r.models().size() ? ",\n" : "\n");
        }
        return b.append("  }\n}\n").toString();
    }

    private static void model(StringBuilder b, ModelScore m) {
        b.append("    ").append(quote(m.name())).append(": {");
        b.append("\"mase\": ").append(num(m.mase()));
        b.append(", \"smape\": ").append(num(m.smape()));
        b.append(", \"pinball\": {");
        levels(b, ForecastEval.PINBALL_LEVELS, m.pinball());
        b.append("}, \"coverage\": {");
        levels(b, ForecastEval.COVERAGE_LEVELS, m.coverage());
        b.append("}, \"coverageEntities\": {");
        for (int i = 0; i < ForecastEval.COVERAGE_LEVELS.length; i++) {
            double[] spread = m.coverageSpread()[i];
            b.append(i > 0 ? ", " : "")
                    .append(quote(level(ForecastEval.COVERAGE_LEVELS[i])))
                    .append(": {\"p5\": ")
                    .append(num(spread[0]))
                    .append(", \"p50\": ")
                    .append(num(spread[1]))
                    .append(", \"p95\": ")
                    .append(num(spread[2]))
                    .append('}');
        }
        b.append("}}");
    }

    private static void levels(StringBuilder b, double[] levels, double[] values) {
        for (int i = 0; i < levels.length; i++) {
            b.append(i > 0 ? ", " : "").append(quote(level(levels[i]))).append(": ");
            b.append(num(values[i]));
        }
    }

    /** A level as the shortest decimal: 0.5, 0.99. */
    static String level(double q) {
        return Decimals.plain(q);
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
