package io.prescale.ml.backtest;

/**
 * One policy's outcome: its allocations at the knob used, their score, and its sweep.
 *
 * @param policy the policy's name
 * @param knob the knob the allocations were made with (p for prescale, 1/u or m for the others)
 * @param allocations {@code alloc[e][t]}
 * @param forecast the forecast quantile behind each allocation (prescale only, else null)
 * @param score the score of {@code allocations}
 * @param sweep the sweep, or null without {@code --sweep}
 */
public record PolicyResult(
        String policy,
        double knob,
        double[][] allocations,
        double[][] forecast,
        Score score,
        SweepResult sweep) {}
