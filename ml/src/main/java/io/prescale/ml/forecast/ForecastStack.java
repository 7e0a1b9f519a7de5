package io.prescale.ml.forecast;

import java.util.List;

/**
 * One series' forecasting stack: the {@link Seasonality} profiles, six member {@link Forecaster}s
 * (EWMA, damped Holt, Holt–Winters on the coarse profiles, RLS AR(p), ARIMA(1,1,0) by RLS, seasonal
 * naive), a calibrator per member and anchor horizon, and the online ensemble of their calibrated
 * quantiles ({@link EnsembleCalibration}); reads as in {@link QuantileReader}. All of a series'
 * memory is its {@link ForecastState}; this class holds only the config and is shared by every
 * series.
 *
 * <p>One update: the forecasts issued for this step are scored (calibrators and weights learn), the
 * profiles and members fold the value in, the members' forecasts for h = 1..H and the ensemble's
 * quantiles at the anchors are cached in the scratch, and what is issued for the anchors goes into
 * the pending rings. Nothing is allocated.
 *
 * <p>A series none of whose values folded in so far was negative ({@link
 * ForecastState#neverNegative}: demand, a CPU percentage) is never forecast below 0: every mean and
 * quantile read is floored at 0 then (the members and calibrators learn unfloored).
 *
 * <p>A state is updated by one thread at a time; reads use the state's scratch, so concurrent reads
 * of the same state need external ordering (one keyed operator per state does that).
 */
public final class ForecastStack {
    /** Member model names in state order. */
    public static final List<String> MEMBER_NAMES =
            List.of("ewma", "holt", "holt-winters", "ar", "seasonal-naive", "ar-diff");

    /** Name of the ensemble in reports. */
    public static final String ENSEMBLE = "ensemble";

    /** Values are clamped to ±this before they reach the float state. */
    public static final double MAX_ABS = 1e30;

    private final ForecastConfig config;
    private final StateLayout layout;
    private final Seasonality season;
    private final Forecaster[] members;
    private final RlsArForecaster ar;
    private final RlsArForecaster arDiff;
    private final EnsembleCalibration calibration;
    private final QuantileReader reader;
    private final int[] anchors;

    private final int[] pendingOffsets;
    private final int maxHorizon;

    /** Scratch: the members' forecasts, {@code [(h − 1) M + m]}. */
    private final int forecasts;

    public ForecastStack(ForecastConfig config) {
        this.config = config;
        this.anchors = config.anchorHorizons();
        this.maxHorizon = config.maxHorizon();
        RlsArForecaster.Spec arSpec =
                new RlsArForecaster.Spec("ar", RlsArForecaster.LAMBDA, false, config.arOrder());
        RlsArForecaster.Spec diffSpec =
                new RlsArForecaster.Spec("ar-diff", RlsArForecaster.LAMBDA, true, 1);
        int[] floats = {
            EwmaForecaster.FLOATS,
            DampedTrendForecaster.FLOATS,
            DampedTrendForecaster.FLOATS,
            arSpec.floats(),
            SeasonalNaiveForecaster.FLOATS,
            diffSpec.floats()
        };
        int m = floats.length;
        int arScratch = Seasonality.scratchDoubles(config);
        int diffScratch = arScratch + arSpec.scratchDoubles(config);
        int calibrationScratch = diffScratch + diffSpec.scratchDoubles(config);
        this.forecasts = calibrationScratch + EnsembleCalibration.scratchDoubles(m);
        this.layout =
                StateLayout.of(
                        config,
                        floats,
                        forecasts + m * maxHorizon + QuantileReader.scratchDoubles(config));
        int[] o = layout.memberOffsets();
        this.pendingOffsets = layout.pendingOffsets();
        this.season = new Seasonality(config, 0);
        this.ar = new RlsArForecaster(arSpec, o[3], season, config, arScratch);
        this.arDiff = new RlsArForecaster(diffSpec, o[5], season, config, diffScratch);
        this.members =
                new Forecaster[] {
                    new EwmaForecaster(o[0]),
                    DampedTrendForecaster.holt(o[1], config),
                    DampedTrendForecaster.holtWinters(o[2], season, config),
                    ar,
                    new SeasonalNaiveForecaster(o[4], season, config),
                    arDiff
                };
        this.calibration = new EnsembleCalibration(m, anchors.length, calibrationScratch);
        this.reader = new QuantileReader(config, calibration, m, forecasts);
    }

    public ForecastConfig config() {
        return config;
    }

    /** A state for a series not yet seen. */
    public ForecastState newState() {
        return ForecastState.allocate(layout);
    }

    /**
     * Folds in {@code value}, the demand of the grid step starting at {@code epochSeconds}: first
     * the forecasts issued for this step are scored (calibrators and weights learn), then the
     * profiles and members update and issue their forecasts for the anchors.
     *
     * <p>A non-finite value is ignored; a finite one is clamped to ±{@link #MAX_ABS}. A time not
     * after the last update (a repeat or a late value) is ignored. A jump of two steps or more is a
     * gap: the forecasts pending across it are dropped unscored, and learning resumes once new ones
     * come due.
     */
    public void update(ForecastState s, long epochSeconds, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        double y = Math.max(-MAX_ABS, Math.min(MAX_ABS, value));
        long[] clock = s.clock();
        if (clock[ForecastState.STEPS] == 0) {
            start(s, epochSeconds, y);
            return;
        }
        long elapsed = epochSeconds - clock[ForecastState.LAST_TIME];
        if (elapsed <= 0) {
            return;
        }
        if (y < 0) {
            clock[ForecastState.NEGATIVE] = 1;
        }
        if (elapsed >= 2 * config.stepSeconds()) {
            clock[ForecastState.SINCE_GAP] = 0;
        }
        for (int ai = 0; ai < anchors.length; ai++) {
            if (clock[ForecastState.SINCE_GAP] >= anchors[ai]) {
                calibration.learn(s, ai, slot(ai, clock[ForecastState.STEPS]), y);
            }
        }
        season.update(s, epochSeconds, y);
        season.refresh(s, epochSeconds);
        for (Forecaster member : members) {
            member.update(s, epochSeconds, y);
        }
        advance(s, epochSeconds);
    }

    private void start(ForecastState s, long epochSeconds, double y) {
        s.clock()[ForecastState.LAST_TIME] = epochSeconds;
        s.clock()[ForecastState.NEGATIVE] = y < 0 ? 1 : 0;
        season.start(s, y);
        season.refresh(s, epochSeconds);
        for (Forecaster member : members) {
            member.start(s, epochSeconds, y);
        }
        calibration.start(s);
        advance(s, epochSeconds);
    }

    /** Moves the clock to this update, caches the forecasts, issues those for the anchors. */
    private void advance(ForecastState s, long epochSeconds) {
        long[] clock = s.clock();
        long n = clock[ForecastState.STEPS];
        clock[ForecastState.LAST_TIME] = epochSeconds;
        clock[ForecastState.STEPS] = n + 1;
        clock[ForecastState.SINCE_GAP]++;
        cacheForecasts(s);
        reader.cacheAnchors(s);
        float[] pending = s.pending();
        double[] x = s.scratch();
        int count = members.length;
        for (int ai = 0; ai < anchors.length; ai++) {
            int slot = slot(ai, n);
            int from = forecasts + (anchors[ai] - 1) * count;
            for (int m = 0; m < count; m++) {
                pending[slot + m] = (float) x[from + m];
            }
            calibration.issue(s, ai, slot, x, reader.anchorLevels(ai));
        }
    }

    private void cacheForecasts(ForecastState s) {
        double[] x = s.scratch();
        int count = members.length;
        for (int m = 0; m < count; m++) {
            members[m].forecastAll(s, maxHorizon, x, forecasts + m, count);
        }
    }

    private int slot(int ai, long update) {
        return pendingOffsets[ai]
                + (int) (update % anchors[ai]) * EnsembleCalibration.slotFloats(members.length);
    }

    /** The ensemble's point forecast h steps ahead (1 ≤ h ≤ H). */
    public double mean(ForecastState s, int h) {
        checkHorizon(h);
        return floored(s, reader.centre(s, members.length, h));
    }

    /**
     * The ensemble's q-quantile of the value h steps ahead, q in [0.5, 0.999]: tracked levels are
     * read directly, others interpolated in −ln(1 − q) (see {@link QuantileLevels}); monotone in q.
     */
    public double quantile(ForecastState s, int h, double q) {
        checkHorizon(h);
        return floored(s, reader.quantile(s, members.length, h, q));
    }

    /**
     * The ensemble's point forecast and quantiles for every horizon at once, bit-identical to
     * {@link #mean} and {@link #quantile} but reading the anchors' calibration once rather than per
     * call: {@code means[h − 1] = mean(s, h)} and {@code quantiles[(h − 1) n + j] = quantile(s, h,
     * levels.get(j))} for h = 1..H. Allocation-free.
     *
     * @param levels the levels to read
     * @param means at least H values, overwritten
     * @param quantiles at least H·n values, overwritten
     */
    public void forecastAll(
            ForecastState s, QuantileLevelSet levels, double[] means, double[] quantiles) {
        if (means.length < maxHorizon || quantiles.length < maxHorizon * levels.count()) {
            throw new IllegalArgumentException(
                    "need "
                            + maxHorizon
                            + " means and "
                            + maxHorizon * levels.count()
                            + " quantiles, got "
                            + means.length
                            + " and "
                            + quantiles.length);
        }
        reader.readAll(s, levels.values(), levels.brackets(), means, quantiles);
        if (s.neverNegative()) {
            int n = levels.count();
            for (int i = 0; i < maxHorizon; i++) {
                means[i] = Math.max(0.0, means[i]);
            }
            for (int i = 0; i < maxHorizon * n; i++) {
                quantiles[i] = Math.max(0.0, quantiles[i]);
            }
        }
    }

    /** {@code v} floored at 0 for a series never negative. */
    private static double floored(ForecastState s, double v) {
        return s.neverNegative() ? Math.max(0.0, v) : v;
    }

    /** Number of member forecasters. */
    public int memberCount() {
        return members.length;
    }

    /** Member m's own point forecast h steps ahead. */
    public double memberMean(ForecastState s, int m, int h) {
        checkMember(m);
        checkHorizon(h);
        return floored(s, reader.centre(s, m, h));
    }

    /** Member m's own calibrated q-quantile h steps ahead. */
    public double memberQuantile(ForecastState s, int m, int h, double q) {
        checkMember(m);
        checkHorizon(h);
        return floored(s, reader.quantile(s, m, h, q));
    }

    /** The detected daily period in hours (8, 12 or 24), 0 when no daily profile is in use. */
    public int dailyPeriodHours(ForecastState s) {
        return season.dailyPeriodHours(s);
    }

    /** Whether the hour-of-week profile is in use. */
    public boolean weeklyProfile(ForecastState s) {
        return season.weekly(s);
    }

    /** The compact encoding: a version byte, the config signature, then the state's arrays. */
    public byte[] encode(ForecastState s) {
        return s.encode(config);
    }

    /** Size in bytes of {@link #encode} for this config. */
    public int encodedSize() {
        return newState().encodedSize(config);
    }

    /**
     * Reads what {@link #encode} wrote with an equal config; recomputes the derived scratch.
     *
     * @throws IllegalArgumentException naming the version, config or length that does not fit
     */
    public ForecastState decode(byte[] bytes) {
        ForecastState s = ForecastState.decode(bytes, layout);
        if (s.updates() > 0) {
            season.refresh(s, s.lastEpochSeconds());
            ar.restore(s);
            arDiff.restore(s);
            cacheForecasts(s);
            reader.cacheAnchors(s);
        }
        return s;
    }

    private void checkMember(int m) {
        if (m < 0 || m >= members.length) {
            throw new IllegalArgumentException(
                    "member must be in 0.." + (members.length - 1) + ", was " + m);
        }
    }

    private void checkHorizon(int h) {
        if (h < 1 || h > maxHorizon) {
            throw new IllegalArgumentException(
                    "horizon h must be in 1.." + maxHorizon + ", was " + h);
        }
    }
}
