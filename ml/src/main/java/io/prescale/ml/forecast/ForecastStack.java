package io.prescale.ml.forecast;

import java.util.List;

/**
 * One series' forecasting stack: the {@link Seasonality} profiles, five member {@link Forecaster}s
 * (EWMA, damped Holt, Holt–Winters on the coarse profiles, RLS AR(p), seasonal naive), a calibrator
 * per member and anchor horizon, and the online ensemble of their calibrated quantiles ({@link
 * EnsembleCalibration}). All of a series' memory is its {@link ForecastState}; this class holds
 * only the config and is shared by every series.
 *
 * <p>Reads at an anchor horizon are calibrated there. At another horizon h the centre is the
 * members' forecasts for h (weighted by the nearest anchor's weights) and the spread {@code Q − μ}
 * is interpolated linearly between the anchors around h, or beyond the last anchor extrapolated as
 * {@code spread(a) (h / a)^β} with β = ln(S_a / S_a') / ln(a / a') from the residual scales at the
 * last two anchors, clipped to [0, 1] (0.5 with one anchor): a random walk's spread grows with β =
 * ½, a mean-reverting series' saturates.
 *
 * <p>A state is updated by one thread at a time; reads use the state's scratch, so concurrent reads
 * of the same state need external ordering (one keyed operator per state does that).
 */
public final class ForecastStack {
    /** Member model names in state order. */
    public static final List<String> MEMBER_NAMES =
            List.of("ewma", "holt", "holt-winters", "ar", "seasonal-naive");

    /** Name of the ensemble in reports. */
    public static final String ENSEMBLE = "ensemble";

    /** Values are clamped to ±this before they reach the float state. */
    public static final double MAX_ABS = 1e30;

    private final ForecastConfig config;
    private final StateLayout layout;
    private final Seasonality season;
    private final Forecaster[] members;
    private final RlsArForecaster ar;
    private final EnsembleCalibration calibration;
    private final int[] anchors;
    private final int points;

    public ForecastStack(ForecastConfig config) {
        this.config = config;
        this.anchors = config.anchorHorizons();
        int[] floats = {
            EwmaForecaster.FLOATS,
            DampedTrendForecaster.FLOATS,
            DampedTrendForecaster.FLOATS,
            RlsArForecaster.floats(config),
            SeasonalNaiveForecaster.FLOATS
        };
        int arScratch = RlsArForecaster.scratchDoubles(config);
        int m = floats.length;
        this.layout =
                StateLayout.of(config, floats, arScratch + EnsembleCalibration.scratchDoubles(m) + m);
        int[] o = layout.memberOffsets();
        this.season = new Seasonality(config);
        this.ar = new RlsArForecaster(o[3], season, config);
        this.members =
                new Forecaster[] {
                    new EwmaForecaster(o[0]),
                    DampedTrendForecaster.holt(o[1], config),
                    DampedTrendForecaster.holtWinters(o[2], season, config),
                    ar,
                    new SeasonalNaiveForecaster(o[4], season, config)
                };
        this.calibration = new EnsembleCalibration(m, anchors.length, arScratch);
        this.points = arScratch + EnsembleCalibration.scratchDoubles(m);
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
        if (elapsed >= 2 * config.stepSeconds()) {
            clock[ForecastState.SINCE_GAP] = 0;
        }
        for (int ai = 0; ai < anchors.length; ai++) {
            int a = anchors[ai];
            if (clock[ForecastState.SINCE_GAP] >= a) {
                calibration.learn(s, ai, slot(ai, clock[ForecastState.STEPS]), y);
            }
        }
        season.update(s, epochSeconds, y);
        for (Forecaster member : members) {
            member.update(s, epochSeconds, y);
        }
        advance(s, epochSeconds);
    }

    private void start(ForecastState s, long epochSeconds, double y) {
        long[] clock = s.clock();
        clock[ForecastState.LAST_TIME] = epochSeconds;
        season.start(s, y);
        for (Forecaster member : members) {
            member.start(s, epochSeconds, y);
        }
        calibration.start(s);
        advance(s, epochSeconds);
    }

    /** Moves the clock to this update and issues the members' forecasts for each anchor. */
    private void advance(ForecastState s, long epochSeconds) {
        long[] clock = s.clock();
        long n = clock[ForecastState.STEPS];
        clock[ForecastState.LAST_TIME] = epochSeconds;
        clock[ForecastState.STEPS] = n + 1;
        clock[ForecastState.SINCE_GAP]++;
        float[] pending = s.pending();
        for (int ai = 0; ai < anchors.length; ai++) {
            int slot = slot(ai, n);
            for (int m = 0; m < members.length; m++) {
                pending[slot + m] = (float) members[m].forecast(s, anchors[ai]);
            }
            calibration.issue(s, ai, slot);
        }
    }

    private int slot(int ai, long update) {
        return layout.pendingOffset(ai)
                + (int) (update % anchors[ai]) * EnsembleCalibration.slotFloats(members.length);
    }

    /** The ensemble's point forecast h steps ahead (1 ≤ h ≤ H). */
    public double mean(ForecastState s, int h) {
        checkHorizon(h);
        return centre(s, members.length, h, weightAnchor(h));
    }

    /**
     * The ensemble's q-quantile of the value h steps ahead, q in [0.5, 0.999]: tracked levels are
     * read directly, others interpolated in −ln(1 − q) (see {@link QuantileLevels}); monotone in q.
     */
    public double quantile(ForecastState s, int h, double q) {
        return quantileOf(s, members.length, h, q);
    }

    /** Number of member forecasters. */
    public int memberCount() {
        return members.length;
    }

    /** Member m's own point forecast h steps ahead. */
    public double memberMean(ForecastState s, int m, int h) {
        checkHorizon(h);
        return members[m].forecast(s, h);
    }

    /** Member m's own calibrated q-quantile h steps ahead. */
    public double memberQuantile(ForecastState s, int m, int h, double q) {
        if (m < 0 || m >= members.length) {
            throw new IllegalArgumentException("member must be in 0.." + (members.length - 1));
        }
        return quantileOf(s, m, h, q);
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
     * Reads what {@link #encode} wrote with an equal config.
     *
     * @throws IllegalArgumentException naming the version, config or length that does not fit
     */
    public ForecastState decode(byte[] bytes) {
        ForecastState s = ForecastState.decode(bytes, layout);
        if (s.updates() > 0) {
            ar.restore(s);
        }
        return s;
    }

    private double quantileOf(ForecastState s, int model, int h, double q) {
        checkHorizon(h);
        int k = QuantileLevels.bracket(q);
        double below = Double.NEGATIVE_INFINITY;
        double above = Double.NEGATIVE_INFINITY;
        for (int j = 0; j <= k + 1; j++) {
            below = above;
            above = Math.max(above, level(s, model, h, j));
        }
        if (q == QuantileLevels.LEVELS[k]) {
            return below;
        }
        return below + QuantileLevels.weight(q, k) * (above - below);
    }

    /**
     * Model's (members, then the ensemble at M) ℓ_k-quantile h steps ahead, before monotonicity.
     */
    private double level(ForecastState s, int model, int h, int k) {
        int ai = config.anchorIndex(h);
        if (ai >= 0) {
            return centre(s, model, h, ai) + spreadAt(s, model, ai, k);
        }
        return centre(s, model, h, weightAnchor(h)) + Horizons.spread(this, s, model, h, k);
    }

    /** The ℓ_k spread {@code Q − centre} of a model at anchor ai. */
    double spreadAt(ForecastState s, int model, int ai, int k) {
        if (model < members.length) {
            return calibration.memberSpread(s, ai, model, k);
        }
        double[] scratch = s.scratch();
        for (int m = 0; m < members.length; m++) {
            scratch[points + m] = members[m].forecast(s, anchors[ai]);
        }
        return calibration.ensemble(s, ai, k, scratch, points)
                - calibration.point(s, ai, scratch, points);
    }

    /** Residual scale of a model at anchor ai. */
    double scaleAt(ForecastState s, int model, int ai) {
        return calibration.scale(s, ai, model);
    }

    int[] anchors() {
        return anchors;
    }

    private double centre(ForecastState s, int model, int h, int ai) {
        if (model < members.length) {
            return members[model].forecast(s, h);
        }
        double[] scratch = s.scratch();
        for (int m = 0; m < members.length; m++) {
            scratch[points + m] = members[m].forecast(s, h);
        }
        return calibration.point(s, ai, scratch, points);
    }

    /** The largest anchor at or below h, else the first. */
    private int weightAnchor(int h) {
        int ai = 0;
        while (ai + 1 < anchors.length && anchors[ai + 1] <= h) {
            ai++;
        }
        return ai;
    }

    private void checkHorizon(int h) {
        if (h < 1 || h > config.maxHorizon()) {
            throw new IllegalArgumentException(
                    "horizon h must be in 1.." + config.maxHorizon() + ", was " + h);
        }
    }
}
