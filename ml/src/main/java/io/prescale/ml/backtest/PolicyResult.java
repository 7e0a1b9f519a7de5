package io.prescale.ml.backtest;

/**
 * One policy's outcome: its allocations at the knob used, their score, and its sweep.
 *
 * @param policy the policy's name
 * @param knob the knob the allocations were made with, named by {@link #knobName()}: the target p
 *     for prescale, the multiplier 1/u or m for a reference policy, 1 for the oracle
 * @param allocations {@code alloc[e][t]}
 * @param forecast the forecast quantile behind each allocation (prescale only, else null)
 * @param score the score of {@code allocations}
 * @param sweep the sweep, or null without {@code --sweep}
 * @param percentile the VPA histogram's percentile chosen in hindsight with the knob ({@code
 *     vpa-tuned}), else NaN
 */
public record PolicyResult(
        String policy,
        double knob,
        double[][] allocations,
        double[][] forecast,
        Score score,
        SweepResult sweep,
        double percentile) {

    /** What {@link #knob} is: {@code p}, {@code 1/u} or {@code m}; {@code none} for the oracle. */
    public String knobName() {
        return Backtest.knobName(policy);
    }

    /**
     * The knob as printed: {@code p 0.01}, {@code 1/u 23.89}, {@code m 1.204}, {@code m 1.204 q
     * 0.99} with a tuned percentile, or {@code none}.
     */
    public String knobLabel() {
        String name = knobName();
        if (name.equals(Backtest.NO_KNOB)) {
            return name;
        }
        String q = Double.isNaN(percentile) ? "" : " q " + SummaryJson.significant(percentile, 4);
        return name + " " + SummaryJson.significant(knob, 4) + q;
    }

    PolicyResult withSweep(SweepResult s) {
        return new PolicyResult(policy, knob, allocations, forecast, score, s, percentile);
    }
}
