package io.prescale.ml.backtest;

/**
 * The provisioning score of one allocation run, by the shared data README's rules: steps before the
 * warm-up are not scored; an entity-step is violated when {@code d_t > a_t}; cost is {@code Σ a_t /
 * Σ d_t} over every scored entity-step. When the scored demand is 0 (an all-zero series), cost,
 * shortfall and slack are undefined and NaN: {@link #costDefined()} is false, and the CLI, {@code
 * summary.json} ({@code null}) and {@code report.html} say so instead of printing the NaN.
 *
 * @param pooledViolation violated entity-steps / scored entity-steps
 * @param perEntityP95 the nearest-rank 95th percentile over entities of their violation rate
 * @param perEntityP50 the median over entities of their violation rate
 * @param perEntityMax the largest entity violation rate
 * @param cost Σa / Σd
 * @param shortfall Σ max(d − a, 0) / Σd, the unserved share of demand
 * @param slack Σ max(a − d, 0) / Σd, the idle share
 * @param actionsPerEntityDay allocation changes ({@code a_t ≠ a_{t−1}}) per entity and day
 */
public record Score(
        double pooledViolation,
        double perEntityP95,
        double perEntityP50,
        double perEntityMax,
        double cost,
        double shortfall,
        double slack,
        double actionsPerEntityDay) {

    /** Whether cost, shortfall and slack are defined: whether the scored demand was above 0. */
    public boolean costDefined() {
        return !Double.isNaN(cost);
    }
}
