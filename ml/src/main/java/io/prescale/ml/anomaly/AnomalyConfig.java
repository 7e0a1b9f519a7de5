package io.prescale.ml.anomaly;

/**
 * Parameters of the per-series detection stack, the same for every series. The defaults are set
 * from principles, not fitted to any labelled file:
 *
 * <ul>
 *   <li>{@code tailLevel} 0.02 and {@code warmup} 250 points: the tail above the 98th percentile is
 *       fitted once about five exceedances (5 / 0.02) have been seen;
 *   <li>{@code memory} 1000 points: every slow estimate (tail, level, scale) forgets over about
 *       fifty tail exceedances, days at 5-minute steps, so it follows regime changes while a single
 *       anomaly barely moves it;
 *   <li>{@code window} 32 points for median/MAD: a spike shorter than 16 points cannot move the
 *       median, and the window's state stays within the per-series budget;
 *   <li>CUSUM {@code k} 0.5, {@code h} 5: the textbook pair for shifts of about one σ;
 *   <li>stand-in range: EWMA weight 0.2 (a level over about 9 points) and the 1 % / 99 % residual
 *       quantiles;
 *   <li>{@code onsetPoints} 32 (the robust window): after a report, the onset memory fades over as
 *       long as a spike can hold the window's median.
 * </ul>
 */
public record AnomalyConfig(
        double tailLevel,
        int memory,
        int warmup,
        int window,
        double cusumK,
        double cusumH,
        double rangeAlpha,
        double rangeLevel,
        int onsetPoints) {

    public AnomalyConfig {
        if (!(rangeLevel > 0 && rangeLevel < 0.5)) {
            throw new IllegalArgumentException("rangeLevel must be in (0, 0.5), was " + rangeLevel);
        }
    }

    public static AnomalyConfig defaults() {
        return new AnomalyConfig(0.02, 1000, 250, 32, 0.5, 5.0, 0.2, 0.01, 32);
    }

    public TailModel tail() {
        return new TailModel(tailLevel, memory, warmup);
    }

    /** The combined residual + robust z + CUSUM detector. */
    public CombinedDetector combined() {
        TailModel tail = tail();
        return new CombinedDetector(
                new ForecastResidualDetector(tail),
                new RobustZScoreDetector(window, memory, tail),
                new CusumDetector(cusumK, cusumH, memory, tail),
                new LevelRarityDetector(tail),
                onsetPoints);
    }

    /** The stand-in range source. */
    public EwmaQuantileRange standInRange() {
        return new EwmaQuantileRange(rangeAlpha, rangeLevel, 1 - rangeLevel, memory);
    }
}
