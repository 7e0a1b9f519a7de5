package io.prescale.ml.policy;

import static io.prescale.ml.policy.PrescaleState.COST_LEVEL;
import static io.prescale.ml.policy.PrescaleState.COST_RATIO;
import static io.prescale.ml.policy.PrescaleState.FIRST;
import static io.prescale.ml.policy.PrescaleState.LAST;
import static io.prescale.ml.policy.PrescaleState.MEAN;
import static io.prescale.ml.policy.PrescaleState.THETA_LEVEL;
import static io.prescale.ml.policy.PrescaleState.THETA_RATIO;
import static io.prescale.ml.policy.PrescaleState.WEIGHT;

/**
 * The two forecasters of the {@link PrescalePolicy} ({@link Baseline}), over histograms stored in
 * one array of the state: {@code [ratio histogram | level: all | level: bin 0 .. 7]}, each block
 * its bucket weights then their total. All share one weight clock: the sample at step s weighs
 * {@code 2^((s − s_ref) / h)}, renormalised together by 2^−40 when it passes 2^40.
 */
final class ForecastPair {
    /** Level bins: {@code log2(peak / mean)} in half-octaves from −2 to +2. */
    static final int LEVEL_BINS = 8;

    /** A level bin is read once it holds this many effective samples per unit of p. */
    private static final double BIN_SAMPLES_TIMES_P = 3;

    private final PrescaleConfig config;
    private final LogBuckets ratio = LogBuckets.covering(1e-3, 1.05, 1e4);
    private final LogBuckets level = LogBuckets.covering(0.01, 1.05, 1e8);
    private final double growth;
    private final double costAlpha;

    ForecastPair(PrescaleConfig config) {
        this.config = config;
        this.growth = Math.pow(2, 1.0 / config.halfLifeSteps());
        this.costAlpha = 1 - Math.pow(2, -1.0 / config.halfLifeSteps());
    }

    double[] emptyHistograms() {
        return new double[ratio.count() + 1 + (1 + LEVEL_BINS) * (level.count() + 1)];
    }

    boolean isEmpty(PrescaleState st) {
        return !(DecayingHistogram.totalAt(st.histogram(), 0, ratio) > 0);
    }

    private int levelOffset(int bin) {
        return ratio.count() + 1 + (1 + bin) * (level.count() + 1);
    }

    /** The bin block at {@code bin} when it holds enough samples, else the block {@code all}. */
    private int enough(PrescaleState st, int bin, int all, LogBuckets buckets) {
        double[] h = st.histogram();
        double share =
                DecayingHistogram.totalAt(h, bin, buckets)
                        / DecayingHistogram.totalAt(h, all, buckets);
        long[] steps = st.steps();
        double seen = Math.min(steps[LAST] - steps[FIRST], config.halfLifeSteps() / Math.log(2));
        return share * seen * config.targetViolation() >= BIN_SAMPLES_TIMES_P ? bin : all;
    }

    /** Learns {@code d_s} given the peak {@code max(d_{s−L}, d_{s−L−1})} known at s − L. */
    void learn(PrescaleState st, double demand, double pastPeak) {
        double[] sc = st.scalars();
        double[] h = st.histogram();
        double weight = sc[WEIGHT];
        double z = demand / ratioBase(pastPeak, sc[MEAN]);
        DecayingHistogram.addAt(h, 0, ratio, z, weight);
        DecayingHistogram.addAt(h, levelOffset(-1), level, demand, weight);
        DecayingHistogram.addAt(
                h, levelOffset(levelBin(pastPeak, sc[MEAN])), level, demand, weight);
        weight *= growth;
        if (weight > 0x1p40) {
            DecayingHistogram.scale(h, 0, h.length, 0x1p-40);
            weight *= 0x1p-40;
        }
        sc[WEIGHT] = weight;
    }

    /** {@code b · Q_z(1 − p) · e^{θ_ratio}} with b from the current peak. */
    double ratioForecast(PrescaleState st, double peak) {
        double[] sc = st.scalars();
        double q =
                DecayingHistogram.quantileAt(
                        st.histogram(), 0, ratio, 1 - config.targetViolation());
        return ratioBase(peak, sc[MEAN]) * q * Math.exp(sc[THETA_RATIO]);
    }

    /** {@code Q_{d | bin}(1 − p) · e^{θ_level}}, from all of d while the bin is sparse. */
    double levelForecast(PrescaleState st, double peak) {
        double[] sc = st.scalars();
        int off = enough(st, levelOffset(levelBin(peak, sc[MEAN])), levelOffset(-1), level);
        double q =
                DecayingHistogram.quantileAt(
                        st.histogram(), off, level, 1 - config.targetViolation());
        return q * Math.exp(sc[THETA_LEVEL]);
    }

    /** Updates each forecaster's decayed mean forecast and returns the one to follow. */
    double follow(PrescaleState st, Baseline baseline, double fRatio, double fLevel) {
        double[] sc = st.scalars();
        sc[COST_RATIO] += costAlpha * (fRatio - sc[COST_RATIO]);
        sc[COST_LEVEL] += costAlpha * (fLevel - sc[COST_LEVEL]);
        return switch (baseline) {
            case RECENT_PEAK -> fRatio;
            case LEVEL_BINS -> fLevel;
            case BEST_OF -> sc[COST_RATIO] <= sc[COST_LEVEL] ? fRatio : fLevel;
            case MIN_OF -> Math.min(fRatio, fLevel);
        };
    }

    /** P(d &gt; allocation) from the ratio histogram at the current peak. */
    double shareAbove(PrescaleState st, double peak, double allocation) {
        double b = ratioBase(peak, st.scalars()[MEAN]);
        return DecayingHistogram.shareAboveAt(st.histogram(), 0, ratio, allocation / b);
    }

    private static double ratioBase(double peak, double mean) {
        return peak + 0.05 * mean + 1e-12;
    }

    private static int levelBin(double peak, double mean) {
        double r = peak / (mean + 1e-12);
        int k = (int) Math.floor((Math.log(r + 1e-12) / Math.log(2) + 2) * 2);
        return Math.max(0, Math.min(LEVEL_BINS - 1, k));
    }
}
