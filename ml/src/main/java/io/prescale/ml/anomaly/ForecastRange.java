package io.prescale.ml.anomaly;

import io.prescale.ml.forecast.ForecastStack;
import io.prescale.ml.forecast.ForecastState;

/**
 * The calibrated forecaster seen as an {@link ExpectedRange} source: what {@link ForecastStack}
 * expects one step ahead, for {@link ForecastResidualDetector}.
 *
 * <p>The stack calibrates upper quantiles only (levels 0.5 to 0.999), so the range is {@code (m, 2m
 * − u, u)} with {@code m = Q(0.5)} and {@code u = Q(level)}: the lower bound mirrors the upper one
 * about the median, floored at 0 for a series never negative ({@link ForecastState#neverNegative}).
 * A drop as far below the median as the calibrated upper quantile is above it scores as that rise
 * would; for skewed series (demand bounded by zero) this makes drops look less surprising than
 * rises, which is the conservative side for alerting. The range is "no expectation" until the stack
 * has seen {@code warmUpPoints} values.
 *
 * <p>The stack's seasonal members put a daily or weekly cycle into the median, so the residual is
 * measured against the cycle rather than against the recent level. A spike of a few minutes that
 * recurs daily is diluted in the stack's hour-resolution profiles; {@link SeasonalEnvelope} is what
 * makes that expected.
 */
public final class ForecastRange {
    /** The level of {@link #defaults}: a quantile the calibrator estimates well from few points. */
    public static final double DEFAULT_LEVEL = 0.9;

    /** The warm-up of {@link #defaults}, in points. */
    public static final long DEFAULT_WARM_UP_POINTS = 50;

    private final ForecastStack stack;
    private final double level;
    private final long warmUpPoints;

    /**
     * @param level the calibrated upper level of the range, in (0.5, 0.999]
     * @param warmUpPoints values the stack must have seen before its range counts, &ge; 0
     */
    public ForecastRange(ForecastStack stack, double level, long warmUpPoints) {
        if (stack == null) {
            throw new IllegalArgumentException("stack must not be null");
        }
        if (!(level > 0.5 && level <= 0.999)) {
            throw new IllegalArgumentException("level must be in (0.5, 0.999], was " + level);
        }
        if (warmUpPoints < 0) {
            throw new IllegalArgumentException("warmUpPoints must be >= 0, was " + warmUpPoints);
        }
        this.stack = stack;
        this.level = level;
        this.warmUpPoints = warmUpPoints;
    }

    /** The range at {@link #DEFAULT_LEVEL} after {@link #DEFAULT_WARM_UP_POINTS}. */
    public static ForecastRange defaults(ForecastStack stack) {
        return new ForecastRange(stack, DEFAULT_LEVEL, DEFAULT_WARM_UP_POINTS);
    }

    /** The calibrated upper level of the range. */
    public double level() {
        return level;
    }

    /** The forecasting stack the range reads. */
    public ForecastStack stack() {
        return stack;
    }

    /** Writes the range expected for the next value of the series whose state is {@code s}. */
    public MutableRange expected(ForecastState s, MutableRange out) {
        if (s.updates() < warmUpPoints) {
            return out.clear();
        }
        return expected(
                s.updates(),
                stack.quantile(s, 1, 0.5),
                stack.quantile(s, 1, level),
                s.neverNegative(),
                out);
    }

    /**
     * As {@link #expected(ForecastState, MutableRange)} from the stack's one-step median {@code m}
     * and {@link #level()} quantile {@code u} already read (e.g. by {@link
     * ForecastStack#forecastAll} after the last update) for a state that has seen {@code updates}
     * values; {@code neverNegative} floors the lower bound at 0 ({@link
     * ForecastState#neverNegative}).
     */
    public MutableRange expected(
            long updates, double m, double u, boolean neverNegative, MutableRange out) {
        if (updates < warmUpPoints) {
            return out.clear();
        }
        if (!Double.isFinite(m) || !Double.isFinite(u)) {
            return out.clear();
        }
        u = Math.max(u, m);
        double lower = 2 * m - u;
        return out.set(m, neverNegative ? Math.max(0.0, lower) : lower, u, 1 - level, level);
    }
}
