package io.prescale.ml.series;

import io.prescale.ml.anomaly.CombinedDetector;
import io.prescale.ml.anomaly.ForecastRange;
import io.prescale.ml.anomaly.MutableRange;
import io.prescale.ml.forecast.ForecastStack;
import io.prescale.ml.forecast.ForecastState;
import io.prescale.ml.forecast.QuantileLevelSet;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * One series' forecasting, detection and scoring, as the streaming job runs it per (entity,
 * metric): the calibrated {@link ForecastStack}, the {@link CombinedDetector} with the stack's
 * one-step range as the forecast-residual detector's expectation ({@link ForecastRange}), and the
 * forecasts of the scored horizons remembered until their target step ({@link IssuedForecasts}).
 *
 * <p>One {@link #update} per grid step, in event time: (1) the scored horizons' forecasts for this
 * step are taken out of the memory; (2) the value is scored against the range the stack gave for it
 * one step ahead ({@code (m, 2m − u, u)} with {@code m = Q(0.5)}, {@code u = Q(1 −
 * anomaly.rangeLevel)}, usable after {@code 1 / anomaly.rangeLevel} updates, when the calibrator
 * has seen about one exceedance of the level), then the detectors learn it; (3) the stack learns
 * the value; (4) the mean and quantiles for every horizon 1..H are read in one pass ({@link
 * ForecastStack#forecastAll}), the one-step m and u among them kept in the state for step (2) of
 * the next update, and (5) those of the scored horizons are remembered. Nothing is allocated per
 * update; the results land in a reused {@link SeriesStep}.
 *
 * <p>Holds only configuration and a scratch range: one instance per thread, shared by every series
 * of that thread.
 */
public final class SeriesModel {
    /** Format version of {@link #encode}: its first byte. */
    public static final byte VERSION = 2;

    /**
     * The levels remembered for scoring: pinball loss at 0.5, 0.9 and 0.99, coverage of the 0.95
     * and 0.99 upper bounds.
     */
    static final double[] SCORED_LEVELS = {0.5, 0.9, 0.95, 0.99};

    private final SeriesConfig config;
    private final ForecastStack stack;
    private final CombinedDetector detector;
    private final ForecastRange range;
    private final MutableRange expected = new MutableRange();
    private final IssuedForecasts issued;
    private final QuantileLevelSet read;
    private final int[] outputIndex;
    private final int[] scoredIndex;

    /** Indices in {@link #read} of the range's median and upper level (horizon 1 comes first). */
    private final int rangeMedian;

    private final int rangeUpper;

    private final long stepSeconds;

    public SeriesModel(SeriesConfig config) {
        this.config = config;
        this.stack = new ForecastStack(config.forecast());
        this.detector = config.anomaly().combined();
        double level = 1 - config.anomaly().rangeLevel();
        this.range = new ForecastRange(stack, level, Math.round(1 / config.anomaly().rangeLevel()));
        this.issued = new IssuedForecasts(config.scoredHorizons());
        TreeSet<Double> union = new TreeSet<>();
        for (double q : SCORED_LEVELS) {
            union.add(q);
        }
        union.add(level);
        for (int j = 0; j < config.levels().count(); j++) {
            union.add(config.levels().get(j));
        }
        this.read = QuantileLevelSet.of(union.stream().mapToDouble(Double::doubleValue).toArray());
        this.outputIndex = new int[config.levels().count()];
        for (int j = 0; j < outputIndex.length; j++) {
            outputIndex[j] = read.indexOf(config.levels().get(j));
        }
        this.scoredIndex = new int[SCORED_LEVELS.length];
        for (int k = 0; k < SCORED_LEVELS.length; k++) {
            scoredIndex[k] = read.indexOf(SCORED_LEVELS[k]);
        }
        this.rangeMedian = read.indexOf(0.5);
        this.rangeUpper = read.indexOf(level);
        this.stepSeconds = config.forecast().stepSeconds();
    }

    public SeriesConfig config() {
        return config;
    }

    /** The level of scored quantile k: 0.5, 0.9, 0.95, 0.99 for k = 0..3. */
    public static double scoredLevel(int k) {
        return SCORED_LEVELS[k];
    }

    /** A state for a series not yet seen. */
    public SeriesState newState() {
        return new SeriesState(
                stack.newState(),
                detector.newState(),
                issued.newTargets(),
                issued.newIssued(),
                new double[1],
                new double[] {Double.NaN, Double.NaN});
    }

    /** A reusable result for {@link #update}. */
    public SeriesStep newStep() {
        return new SeriesStep(
                config.forecast().maxHorizon(),
                read.count(),
                outputIndex,
                scoredIndex,
                config.scoredHorizons());
    }

    /**
     * Folds in {@code value}, the series' value for the grid step starting at {@code time}, and
     * writes what that gives to {@code out} (see the class comment for the order). A non-finite
     * value, or a time not after the last update, changes nothing ({@link SeriesStep#updated()}
     * false).
     */
    public void update(SeriesState s, Instant time, double value, SeriesStep out) {
        long seconds = time.getEpochSecond();
        out.updated = false;
        if (!Double.isFinite(value) || (s.updates() > 0 && seconds <= s.lastEpochSeconds())) {
            return;
        }
        long step = Math.floorDiv(seconds, stepSeconds);
        out.observed = value;
        issued.due(s, step, out);
        double[] oneStep = s.oneStep();
        range.expected(s.updates(), oneStep[0], oneStep[1], s.forecast().neverNegative(), expected);
        out.expected = expected.isUsable();
        out.median = expected.median();
        out.lower = expected.lower();
        out.upper = expected.upper();
        out.previousScore = s.lastScore()[0];
        out.score = detector.score(s.detector(), time, value, expected);
        s.lastScore()[0] = out.score;
        stack.update(s.forecast(), seconds, value);
        stack.forecastAll(s.forecast(), read, out.means, out.quantiles);
        oneStep[0] = out.quantiles[rangeMedian];
        oneStep[1] = out.quantiles[rangeUpper];
        issued.remember(s, step, out);
        out.updated = true;
    }

    /**
     * The compact encoding, big endian: {@link #VERSION}, the stack's encoding (int length, bytes),
     * the detectors' (int length, bytes), the last anomaly score (double), the number of remembered
     * slots (byte), then per slot its target step as steps after the last update's (byte; 0 for an
     * empty slot or one whose target has passed, which can never be due again) and its {@value
     * IssuedForecasts#FLOATS} floats.
     */
    public byte[] encode(SeriesState s) {
        byte[] f = stack.encode(s.forecast());
        byte[] d = s.detector().encode();
        ByteBuffer b = ByteBuffer.allocate(size(f.length, d.length));
        b.put(VERSION).putInt(f.length).put(f).putInt(d.length).put(d);
        b.putDouble(s.lastScore()[0]);
        b.put((byte) issued.slots());
        long last = lastStep(s.forecast());
        for (int slot = 0; slot < issued.slots(); slot++) {
            long ahead = s.targets()[slot] - last;
            b.put(s.updates() > 0 && ahead > 0 && ahead <= Byte.MAX_VALUE ? (byte) ahead : 0);
            for (int k = 0; k < IssuedForecasts.FLOATS; k++) {
                b.putFloat(s.issued()[slot * IssuedForecasts.FLOATS + k]);
            }
        }
        return b.array();
    }

    /**
     * What {@link #update} keeps in {@link SeriesState#oneStep} after its {@code forecastAll}, read
     * again from a decoded forecast state (the same values: single reads equal {@code
     * forecastAll}).
     */
    private double[] oneStep(ForecastState forecast) {
        if (forecast.updates() == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return new double[] {
            stack.quantile(forecast, 1, 0.5), stack.quantile(forecast, 1, range.level())
        };
    }

    /** Bytes of {@link #encode}. */
    public int encodedSize(SeriesState s) {
        return size(stack.encodedSize(), detector.encodedSize(s.detector()));
    }

    private int size(int forecastBytes, int detectorBytes) {
        return 1
                + 4
                + forecastBytes
                + 4
                + detectorBytes
                + 8
                + 1
                + issued.slots() * (1 + 4 * IssuedForecasts.FLOATS);
    }

    /** The grid step of the last update. */
    private long lastStep(ForecastState forecast) {
        return Math.floorDiv(forecast.lastEpochSeconds(), stepSeconds);
    }

    /**
     * Reads what {@link #encode} wrote under an equal config; the result continues exactly as the
     * encoded state would have.
     *
     * @throws IllegalArgumentException naming the version, part or length that does not fit
     */
    public SeriesState decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0 || bytes[0] != VERSION) {
            throw new IllegalArgumentException(
                    "series state: unknown version "
                            + (bytes == null || bytes.length == 0 ? "(empty)" : bytes[0])
                            + ", this code reads "
                            + VERSION);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        try {
            var forecast = stack.decode(part(b, "forecast"));
            var detectors = CombinedDetector.State.decode(part(b, "detector"));
            double lastScore = b.getDouble();
            int slots = Byte.toUnsignedInt(b.get());
            if (slots != issued.slots()) {
                throw new IllegalArgumentException(
                        "series state: "
                                + slots
                                + " remembered forecasts, this config remembers "
                                + issued.slots()
                                + " (scored horizons "
                                + Arrays.toString(config.scoredHorizons())
                                + ")");
            }
            SeriesState s =
                    new SeriesState(
                            forecast,
                            detectors,
                            issued.newTargets(),
                            issued.newIssued(),
                            new double[] {lastScore},
                            oneStep(forecast));
            long last = lastStep(forecast);
            for (int slot = 0; slot < slots; slot++) {
                int ahead = b.get();
                s.targets()[slot] = ahead > 0 ? last + ahead : Long.MIN_VALUE;
                for (int k = 0; k < IssuedForecasts.FLOATS; k++) {
                    s.issued()[slot * IssuedForecasts.FLOATS + k] = b.getFloat();
                }
            }
            if (b.hasRemaining()) {
                throw new IllegalArgumentException(
                        "series state: " + b.remaining() + " bytes left over");
            }
            return s;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("series state: truncated", e);
        }
    }

    private static byte[] part(ByteBuffer b, String what) {
        int length = b.getInt();
        if (length < 0 || length > b.remaining()) {
            throw new IllegalArgumentException(
                    "series state: "
                            + what
                            + " part of "
                            + length
                            + " bytes, "
                            + b.remaining()
                            + " left");
        }
        byte[] part = new byte[length];
        b.get(part);
        return part;
    }
}
