package io.prescale.ml.forecast.eval;

import java.io.IOException;

/** Receives every scored entity-step of every model, as {@link ForecastEval} scores it. */
@FunctionalInterface
public interface ScoredSteps {
    /** Drops every step. */
    ScoredSteps NONE = (entity, epochSeconds, model, actual, lagged, issued) -> {};

    /**
     * One scored step.
     *
     * @param entity the entity
     * @param epochSeconds the step scored, t (its forecast was issued after step t − h)
     * @param model the member, {@code naive-1d} or {@code ensemble}
     * @param actual y_t
     * @param lagged y_(t−h), the naive forecast MASE divides by
     * @param issued what the model issued for t: the point forecast, its quantiles at {@link
     *     ForecastEval#PINBALL_LEVELS}, then at {@link ForecastEval#COVERAGE_LEVELS}
     */
    void accept(
            String entity,
            long epochSeconds,
            String model,
            double actual,
            double lagged,
            double[] issued)
            throws IOException;
}
