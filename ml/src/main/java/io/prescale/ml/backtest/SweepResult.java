package io.prescale.ml.backtest;

import java.util.List;

/**
 * A policy's sweep: its curve in both views and the number of knob settings tried.
 *
 * @param pooled cost against pooled violation
 * @param perEntity cost against the per-entity p95 violation
 * @param points number of knob settings
 */
public record SweepResult(Curve pooled, Curve perEntity, int points) {

    /**
     * The sweep of a policy with a second knob tried at several settings: in each view the points
     * no other setting beats at once in violation and cost, as if each level were reached by the
     * setting cheapest there (between two settings' points, the straight line between them).
     */
    static SweepResult lowerEnvelope(List<SweepResult> sweeps) {
        if (sweeps.size() == 1) {
            return sweeps.get(0);
        }
        return new SweepResult(
                Curve.lowerEnvelope(sweeps.stream().map(SweepResult::pooled).toList()),
                Curve.lowerEnvelope(sweeps.stream().map(SweepResult::perEntity).toList()),
                sweeps.stream().mapToInt(SweepResult::points).sum());
    }

    /** Cost at pooled violation {@code v}. */
    public double pooledCostAt(double v) {
        return pooled.costAt(v);
    }

    /**
     * Cost at violation {@code v} in the pooled or the per-entity view: what {@code summary.json},
     * the report and the printed comparison show; NaN outside the swept range.
     */
    public double costAt(double v, boolean pooled) {
        return pooled ? pooledCostAt(v) : perEntityCostAt(v);
    }

    /** Cost at per-entity p95 violation {@code v}. */
    public double perEntityCostAt(double v) {
        return perEntity.costAt(v);
    }
}
