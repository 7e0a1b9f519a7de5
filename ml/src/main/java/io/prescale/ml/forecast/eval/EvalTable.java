package io.prescale.ml.forecast.eval;

import io.prescale.ml.trace.Plural;
import java.util.Locale;

/** The plain-text table {@code forecast-eval} prints. */
public final class EvalTable {
    private EvalTable() {}

    public static String render(EvalReport r, EvalOptions o) {
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        Locale.ROOT,
                        "%s, metric %s, step %d s, horizon %s: %s%s, %,d %s scored; the first %s"
                                + " (%.3g days) of each entity %s warm-up, not scored%n",
                        o.trace().getFileName(),
                        o.metric(),
                        r.stepSeconds(),
                        Plural.of(r.horizon(), "step"),
                        Plural.of(r.entities(), "entity", "entities"),
                        r.entitiesScored() == r.entities()
                                ? ""
                                : " ("
                                        + r.entitiesScored()
                                        + " scored; no step to score past the warm-up and the horizon: "
                                        + Plural.firstNames(r.unscored())
                                        + ")",
                        r.scoredSteps(),
                        Plural.noun(r.scoredSteps(), "entity-step", "entity-steps"),
                        Plural.of(r.warmupSteps(), "step"),
                        o.warmupDays(),
                        Plural.noun(r.warmupSteps(), "is", "are")));
        if (r.gapSteps() > 0) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "%,d %s without a sample (gaps in the trace, the value before"
                                    + " repeated) not scored%n",
                            r.gapSteps(),
                            Plural.noun(r.gapSteps(), "entity-step", "entity-steps")));
        }
        b.append(
                String.format(
                        Locale.ROOT,
                        "%-15s %7s %7s %11s %11s %11s  %-28s %-28s%n",
                        "model",
                        "MASE",
                        "sMAPE%",
                        "pinball.5",
                        "pinball.9",
                        "pinball.99",
                        "cover.95 (ent p5/p50/p95)",
                        "cover.99 (ent p5/p50/p95)"));
        for (ModelScore m : r.models()) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "%-15s %7s %7.3f %11.5g %11.5g %11.5g  %-28s %-28s%n",
                            m.name(),
                            Double.isNaN(m.mase())
                                    ? "n/a"
                                    : String.format(Locale.ROOT, "%.4f", m.mase()),
                            m.smape(),
                            m.pinball()[0],
                            m.pinball()[1],
                            m.pinball()[2],
                            coverage(m, 0),
                            coverage(m, 1)));
        }
        b.append(
                "MASE: mean |error| / mean |y_t - y_(t-h)| (n/a for a series that never"
                        + " changes); pinball: mean loss in the metric's"
                        + " unit; cover.q: share of steps with y <= the q-quantile issued h steps"
                        + " before; naive-1d: the textbook seasonal naive (the value a day"
                        + " before) with its own past week's errors as quantiles, a reference, not a"
                        + " member\n");
        return b.toString();
    }

    private static String coverage(ModelScore m, int i) {
        double[] s = m.coverageSpread()[i];
        return String.format(
                Locale.ROOT, "%.4f (%.3f/%.3f/%.3f)", m.coverage()[i], s[0], s[1], s[2]);
    }
}
