package io.prescale.ml.forecast;

import java.time.Duration;
import java.util.Arrays;

/**
 * The shape of a {@link ForecastStack}: everything that fixes the size of its {@link
 * ForecastState}. Two stacks with equal configs read each other's encoded state.
 *
 * @param step the grid step; {@code update} times are expected {@code step} apart (a larger jump is
 *     a gap, see {@link ForecastStack#update})
 * @param maxHorizon H, the largest horizon {@code mean}/{@code quantile} answer, in steps (1..64)
 * @param anchorHorizons the horizons, in steps, at which forecasts are remembered until their
 *     target time and scored: the calibrators and ensemble weights learn there (strictly
 *     increasing, 1..4 of them, each ≤ H); other horizons are interpolated or extrapolated from
 *     them. The policy's lead belongs here.
 * @param arOrder p of the recursive-least-squares AR(p) member (1..12)
 */
public record ForecastConfig(Duration step, int maxHorizon, int[] anchorHorizons, int arOrder) {
    /** The anchors of {@link #defaults}: the policy's lead of two steps. */
    public static final int[] DEFAULT_ANCHORS = {2};

    public ForecastConfig {
        if (step == null || step.isNegative() || step.isZero() || step.toSeconds() < 1) {
            throw new IllegalArgumentException("step must be at least 1 s, was " + step);
        }
        if (maxHorizon < 1 || maxHorizon > 64) {
            throw new IllegalArgumentException("maxHorizon must be in 1..64, was " + maxHorizon);
        }
        if (anchorHorizons == null || anchorHorizons.length < 1 || anchorHorizons.length > 4) {
            throw new IllegalArgumentException(
                    "anchorHorizons must hold 1..4 horizons, was "
                            + Arrays.toString(anchorHorizons));
        }
        anchorHorizons = anchorHorizons.clone();
        for (int i = 0; i < anchorHorizons.length; i++) {
            int a = anchorHorizons[i];
            if (a < 1 || a > maxHorizon || (i > 0 && a <= anchorHorizons[i - 1])) {
                throw new IllegalArgumentException(
                        "anchorHorizons must increase strictly within 1..maxHorizon ("
                                + maxHorizon
                                + "), were "
                                + Arrays.toString(anchorHorizons));
            }
        }
        if (arOrder < 1 || arOrder > 12) {
            throw new IllegalArgumentException("arOrder must be in 1..12, was " + arOrder);
        }
    }

    /** H = 12, anchor {2}, AR(6). */
    public static ForecastConfig defaults(Duration step) {
        return new ForecastConfig(step, 12, DEFAULT_ANCHORS, 6);
    }

    /** This config with {@code anchors} as its anchor horizons. */
    public ForecastConfig withAnchors(int... anchors) {
        return new ForecastConfig(
                step, Math.max(maxHorizon, anchors[anchors.length - 1]), anchors, arOrder);
    }

    @Override
    public int[] anchorHorizons() {
        return anchorHorizons.clone();
    }

    /** The step in seconds. */
    public long stepSeconds() {
        return step.toSeconds();
    }

    /** Index of {@code h} among the anchors, or −1. */
    public int anchorIndex(int h) {
        int i = Arrays.binarySearch(anchorHorizons, h);
        return i >= 0 ? i : -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForecastConfig c
                && step.equals(c.step)
                && maxHorizon == c.maxHorizon
                && Arrays.equals(anchorHorizons, c.anchorHorizons)
                && arOrder == c.arOrder;
    }

    @Override
    public int hashCode() {
        return (step.hashCode() * 31 + maxHorizon) * 31 * 31
                + Arrays.hashCode(anchorHorizons) * 31
                + arOrder;
    }

    @Override
    public String toString() {
        return "ForecastConfig[step="
                + step
                + ", maxHorizon="
                + maxHorizon
                + ", anchorHorizons="
                + Arrays.toString(anchorHorizons)
                + ", arOrder="
                + arOrder
                + "]";
    }
}
