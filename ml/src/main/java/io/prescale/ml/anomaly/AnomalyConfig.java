package io.prescale.ml.anomaly;

/**
 * Parameters of the per-series detection stack, the same for every series. The defaults are set
 * from principles, and the three added with the seasonal envelope were chosen on the development
 * half of NAB's AWS files and on seeded synthetic series, never on the held-out half (see {@code
 * BENCHMARKS.md}):
 *
 * <ul>
 *   <li>{@code tailLevel} 0.02 and {@code warmup} 250 points: the tail above the 98th percentile is
 *       fitted once about five exceedances (5 / 0.02) have been seen;
 *   <li>{@code memory} 1000 points: every slow estimate (tail, level, scale) forgets over about
 *       fifty tail exceedances, days at 5-minute steps, so it follows regime changes while a single
 *       anomaly barely moves it;
 *   <li>{@code window} 32 points for median/MAD in {@link RobustZScoreDetector} (not a member of
 *       the combination): a spike shorter than 16 points cannot move the median;
 *   <li>CUSUM {@code k} 0.5, {@code h} 5: the textbook pair for shifts of about one σ;
 *   <li>stand-in range: EWMA weight 0.2 (a level over about 9 points) and the 1 % / 99 % residual
 *       quantiles;
 *   <li>{@code onsetPoints} 288, a day at 5-minute steps: one report per event and day;
 *   <li>{@code smoothingPoints} 12, an hour at 5-minute steps: the short-term mean whose rarity
 *       {@link LevelRarityDetector} also tests;
 *   <li>{@code envelopeDays} 14 and {@code envelopeTolerance} 0.1: the {@link SeasonalEnvelope}
 *       remembers two weeks of each hour of the day and widens by a tenth.
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
        int onsetPoints,
        int smoothingPoints,
        double envelopeDays,
        double envelopeTolerance) {

    public AnomalyConfig {
        if (!(rangeLevel > 0 && rangeLevel < 0.5)) {
            throw new IllegalArgumentException("rangeLevel must be in (0, 0.5), was " + rangeLevel);
        }
        if (smoothingPoints < 1 || !(envelopeDays > 0) || !(envelopeTolerance >= 0)) {
            throw new IllegalArgumentException(
                    "need smoothingPoints >= 1, envelopeDays > 0 and envelopeTolerance >= 0; were "
                            + smoothingPoints
                            + ", "
                            + envelopeDays
                            + ", "
                            + envelopeTolerance);
        }
    }

    /** The first nine parameters, the rest at their defaults (the constructor before version 2). */
    public AnomalyConfig(
            double tailLevel,
            int memory,
            int warmup,
            int window,
            double cusumK,
            double cusumH,
            double rangeAlpha,
            double rangeLevel,
            int onsetPoints) {
        this(
                tailLevel,
                memory,
                warmup,
                window,
                cusumK,
                cusumH,
                rangeAlpha,
                rangeLevel,
                onsetPoints,
                LevelRarityDetector.DEFAULT_SMOOTHING_POINTS,
                14,
                0.1);
    }

    public static AnomalyConfig defaults() {
        return new AnomalyConfig(0.02, 1000, 250, 32, 0.5, 5.0, 0.2, 0.01, 288);
    }

    public TailModel tail() {
        return new TailModel(tailLevel, memory, warmup);
    }

    /** The combined residual + CUSUM + level rarity + seasonal envelope detector. */
    public CombinedDetector combined() {
        TailModel tail = tail();
        return new CombinedDetector(
                new ForecastResidualDetector(tail),
                new CusumDetector(cusumK, cusumH, memory, tail),
                new LevelRarityDetector(tail, smoothingPoints),
                new SeasonalEnvelope(envelopeDays, envelopeTolerance, memory),
                onsetPoints);
    }

    /** The robust z-score detector with this config's window (not part of {@link #combined()}). */
    public RobustZScoreDetector robustZ() {
        return new RobustZScoreDetector(window, memory, tail());
    }

    /** The stand-in range source. */
    public EwmaQuantileRange standInRange() {
        return new EwmaQuantileRange(rangeAlpha, rangeLevel, 1 - rangeLevel, memory);
    }
}
