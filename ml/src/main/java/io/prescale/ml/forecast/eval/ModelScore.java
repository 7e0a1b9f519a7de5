package io.prescale.ml.forecast.eval;

/**
 * The scores of one model over the scored steps of every entity.
 *
 * @param name the model ({@code ewma}, ..., {@code ensemble})
 * @param mase Σ|y − ŷ| / Σ|y_t − y_{t−h}|, pooled over entity-steps (the h-step naive forecast as
 *     the scale; pooled so a near-constant entity cannot dominate)
 * @param smape mean of 200 |y − ŷ| / (|y| + |ŷ|) in percent (0 when both are 0)
 * @param pinball mean pinball loss {@code max(q u, (q − 1) u)}, u = y − Q_q, at each of {@link
 *     ForecastEval#PINBALL_LEVELS}, in the metric's unit
 * @param coverage share of steps with y ≤ Q_q at each of {@link ForecastEval#COVERAGE_LEVELS},
 *     pooled over entity-steps
 * @param coverageSpread per coverage level, the p5, p50 and p95 (nearest rank) over entities of
 *     each entity's own coverage
 */
public record ModelScore(
        String name,
        double mase,
        double smape,
        double[] pinball,
        double[] coverage,
        double[][] coverageSpread) {
    public ModelScore {
        if (pinball.length != ForecastEval.PINBALL_LEVELS.length
                || coverage.length != ForecastEval.COVERAGE_LEVELS.length
                || coverageSpread.length != coverage.length) {
            throw new IllegalArgumentException("one value per level expected for " + name);
        }
    }
}
