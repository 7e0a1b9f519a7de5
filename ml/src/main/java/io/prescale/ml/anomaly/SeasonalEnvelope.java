package io.prescale.ml.anomaly;

import io.prescale.ml.stats.Float16;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/**
 * What a series does at each hour of the day: per UTC hour-of-day bucket {@code b}, the highest and
 * lowest values seen in it, {@code U_b} and {@code L_b}, relaxing towards the series' centre {@code
 * c} so that they forget over about {@code D} days. A value is <b>expected for its time of day</b>
 * when it lies within the envelope of its hour and the hours either side (clock jitter of a daily
 * job), widened by the tolerance {@code κ} about the centre:
 *
 * <pre>
 *   U = max(U_{b−1}, U_b, U_{b+1}),   L = min(L_{b−1}, L_b, L_{b+1})
 *   expected  ⇔  c − (1 + κ)(c − L) ≤ x ≤ c + (1 + κ)(U − c)
 * </pre>
 *
 * This is what makes a daily spike (a backup, a batch job, a cache rebuild) expected from its
 * second day on, however surprising it is against the last few points, while the same spike at
 * another hour is not. A bucket not yet seen expects nothing. As the bounds relax continuously, an
 * excursion seen at this hour {@code t} days ago covers one as far from the centre while {@code (1
 * + κ) e^{−t / D} ≥ 1}, for {@code D ln(1 + κ)} days (1.3 days with the defaults): a pattern that
 * recurs daily stays expected, one seen once is surprising again two days later, and a larger
 * excursion covers smaller ones for longer.
 *
 * <p>Learning, after the check: the centre is a tracked median, {@code c ← c + 2 s sign(x − c) / r}
 * with {@code s ← s + (|x − c| − s) / r} and {@code r = min(n, m)} points; when the clock enters a
 * new hour every bucket relaxes, {@code U_b ← c + (U_b − c) e^{−Δh / 24D}} ({@code Δh} hours
 * elapsed; the same for {@code L_b}), then {@code U_b ← max(U_b, x)}, {@code L_b ← min(L_b, x)}.
 * Values are taken in single precision, as the state keeps them; non-finite ones are neither
 * expected nor learnt.
 *
 * <p>State: {@code [n, c, s, hour of the last point, a]} as floats, and each bound as its distance
 * from the anchor {@code a}, {@code U_b − a} and {@code L_b − a}, in a {@link Float16} (three
 * significant digits, the precision a check widened by κ needs; about 0.1 KiB encoded). The anchor
 * is the centre as of the last relaxation: each relaxation re-expresses every bound from the centre
 * it relaxes towards, so between relaxations the bounds stay where they are while the centre moves.
 * A bound's relaxation by {@code e^{−1/24D}} per hour (0.3 % with D = 14) is one to three steps of
 * the 16-bit grid (0.1–0.2 % of the distance), so the memory of D days holds to within about a
 * third. Distances beyond the 16-bit range (from 2<sup>31</sup>, a series in bytes) raise the
 * bounds' binary shift ({@link Float16#shiftFor}), so nothing is clamped and the envelope of a
 * series scaled by a power of two is the same envelope scaled. A bucket not yet seen has {@code U_b
 * − a = −∞ < L_b − a = +∞}.
 */
public final class SeasonalEnvelope {
    static final byte VERSION = 3;

    /** The version before the bounds' shift: its states read as shift 0. */
    private static final byte UNSHIFTED_VERSION = 2;

    /** Hour-of-day buckets. */
    public static final int HOURS = 24;

    private static final int N = 0;
    private static final int CENTRE = 1;
    private static final int SCALE = 2;
    private static final int HOUR = 3;
    private static final int ANCHOR = 4;
    private static final int BOUNDS_SHIFT = 5;
    private static final int META = 6;
    private static final long SECONDS_PER_HOUR = 3600;
    private static final short UNSEEN_UPPER = Float16.encode(Double.NEGATIVE_INFINITY);
    private static final short UNSEEN_LOWER = Float16.encode(Double.POSITIVE_INFINITY);

    private final double tolerance;
    private final double hourlyDecay;
    private final int memory;

    /**
     * @param days D, the memory of the bounds in days, &gt; 0
     * @param tolerance κ, the widening about the centre, &ge; 0
     * @param memory m, the memory of the centre and its scale in points, &ge; 1
     */
    public SeasonalEnvelope(double days, double tolerance, int memory) {
        if (!(days > 0) || !(tolerance >= 0) || memory < 1) {
            throw new IllegalArgumentException(
                    "need days > 0, tolerance >= 0 and memory >= 1; were "
                            + days
                            + ", "
                            + tolerance
                            + ", "
                            + memory);
        }
        this.tolerance = tolerance;
        this.hourlyDecay = Math.exp(-1.0 / (HOURS * days));
        this.memory = memory;
    }

    /**
     * Per-series state.
     *
     * @param meta {@code [n, c, s, hour of the last point (epoch hours), a, the bounds' shift]}
     * @param upper {@code U_b − a} as a {@link Float16} at the shift, −∞ until bucket b is seen
     * @param lower {@code L_b − a} as a {@link Float16} at the shift, +∞ until bucket b is seen
     */
    public record State(float[] meta, short[] upper, short[] lower) {
        public byte[] encode() {
            ByteBuffer out = ByteBuffer.allocate(1 + StateCodec.sizeFloats(meta) + 4 * HOURS);
            out.put(VERSION);
            StateCodec.writeFloats(out, meta);
            for (int b = 0; b < HOURS; b++) {
                out.putShort(upper[b]).putShort(lower[b]);
            }
            return out.array();
        }

        /** Reads {@link #encode}'s bytes, or those of the version before (at shift 0). */
        public static State decode(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            boolean unshifted = bytes.length > 0 && bytes[0] == UNSHIFTED_VERSION;
            StateCodec.expectVersion(
                    in, unshifted ? UNSHIFTED_VERSION : VERSION, "seasonal envelope");
            float[] meta =
                    Arrays.copyOf(
                            StateCodec.readFloats(
                                    in,
                                    unshifted ? BOUNDS_SHIFT : META,
                                    "seasonal envelope centre"),
                            META);
            if (in.remaining() != 4 * HOURS) {
                throw new IllegalArgumentException(
                        "seasonal envelope bounds: "
                                + in.remaining()
                                + " bytes, expected "
                                + 4 * HOURS);
            }
            State s = new State(meta, new short[HOURS], new short[HOURS]);
            for (int b = 0; b < HOURS; b++) {
                s.upper[b] = in.getShort();
                s.lower[b] = in.getShort();
            }
            return s;
        }
    }

    public State newState() {
        short[] upper = new short[HOURS];
        short[] lower = new short[HOURS];
        Arrays.fill(upper, UNSEEN_UPPER);
        Arrays.fill(lower, UNSEEN_LOWER);
        return new State(new float[META], upper, lower);
    }

    /** Whether {@code value} is expected at {@code time}'s hour of day (see the class comment). */
    public boolean contains(State s, Instant time, double raw) {
        if (!Double.isFinite(raw)) {
            return false;
        }
        double value = StateCodec.toFloat(raw);
        int b = hourOfDay(time);
        int shift = (int) s.meta[BOUNDS_SHIFT];
        double u = Double.NEGATIVE_INFINITY;
        double l = Double.POSITIVE_INFINITY;
        for (int k = b + HOURS - 1; k <= b + HOURS + 1; k++) {
            int c = k % HOURS;
            if (seen(s, c)) {
                u = Math.max(u, Float16.decode(s.upper[c], shift));
                l = Math.min(l, Float16.decode(s.lower[c], shift));
            }
        }
        if (u == Double.NEGATIVE_INFINITY) {
            return false;
        }
        double c = s.meta[CENTRE];
        double a = s.meta[ANCHOR];
        return value <= c + (1 + tolerance) * (a + u - c)
                && value >= c - (1 + tolerance) * (c - a - l);
    }

    /**
     * How widely the series has ranged over the envelope's memory: the highest upper bound less the
     * lowest lower bound over the hours seen ({@code max U_b − min L_b}), 0 before any value. Being
     * the bounds, it forgets over about {@code D} days, where the running scales forget over {@code
     * m} points: a series idle for days still remembers how far it used to move.
     */
    public double width(State s) {
        int shift = (int) s.meta[BOUNDS_SHIFT];
        double u = Double.NEGATIVE_INFINITY;
        double l = Double.POSITIVE_INFINITY;
        for (int b = 0; b < HOURS; b++) {
            if (seen(s, b)) {
                u = Math.max(u, Float16.decode(s.upper[b], shift));
                l = Math.min(l, Float16.decode(s.lower[b], shift));
            }
        }
        return u > l ? u - l : 0.0;
    }

    /** The centre {@code c}, the series' tracked median (0 before any value). */
    public double centre(State s) {
        return s.meta[CENTRE];
    }

    /** Learns {@code value} observed at {@code time}. */
    public void learn(State s, Instant time, double raw) {
        if (!Double.isFinite(raw)) {
            return;
        }
        double value = StateCodec.toFloat(raw);
        float[] m = s.meta;
        long hour = Math.floorDiv(time.getEpochSecond(), SECONDS_PER_HOUR);
        double n = Math.min(m[N] + 1, StateCodec.COUNT_CAP);
        m[N] = (float) n;
        if (n == 1) {
            m[CENTRE] = (float) value;
            m[ANCHOR] = m[CENTRE];
        } else {
            relax(s, hour - (long) m[HOUR]);
            double r = Math.min(n, memory);
            double step = 2 * Math.max(m[SCALE], 1e-12 * (1 + Math.abs(m[CENTRE]))) / r;
            double centre = m[CENTRE] + Math.signum(value - m[CENTRE]) * step;
            m[CENTRE] = StateCodec.finiteOr(centre, m[CENTRE]);
            double scale = Winsorised.meanAbs(m[SCALE], Math.abs(value - m[CENTRE]), r);
            m[SCALE] = StateCodec.finiteOr(scale, m[SCALE]);
        }
        m[HOUR] = hour;
        int b = hourOfDay(time);
        double x = value - m[ANCHOR];
        double upper = bound(s, s.upper, b);
        double lower = bound(s, s.lower, b);
        if (x > upper || x < lower) {
            x = limited(s, b, x);
        }
        if (x > upper) {
            put(s, s.upper, b, x);
        }
        if (x < lower) {
            put(s, s.lower, b, x);
        }
    }

    /**
     * {@code x} (from the anchor) at most {@link Winsorised#LIMIT} times the envelope's widest
     * reach on its side of the centre (at least the series' scale) from the centre: how far a bound
     * may move at once. A daily spike beyond every bound yet seen is then expected from its third
     * day instead of its second, but a single glitch of 10⁹ no longer holds its hour, and the hours
     * either side, for weeks. As it is while the scale is 0. The widest reach is only looked for
     * when x is beyond the limit from its own bucket's bound.
     */
    private static double limited(State s, int b, double x) {
        float[] m = s.meta;
        double centre = m[CENTRE] - (double) m[ANCHOR];
        double side = x >= centre ? 1 : -1;
        short[] bounds = side > 0 ? s.upper : s.lower;
        double reach =
                seen(s, b) ? Math.max(m[SCALE], side * (bound(s, bounds, b) - centre)) : m[SCALE];
        if (!(m[SCALE] > 0) || side * (x - centre) <= Winsorised.LIMIT * reach) {
            return x;
        }
        for (int k = 0; k < HOURS; k++) {
            if (seen(s, k)) {
                reach = Math.max(reach, side * (bound(s, bounds, k) - centre));
            }
        }
        return centre + side * Math.min(side * (x - centre), Winsorised.LIMIT * reach);
    }

    /** {@code U_b − a} or {@code L_b − a} as kept. */
    private static double bound(State s, short[] bounds, int b) {
        return Float16.decode(bounds[b], (int) s.meta[BOUNDS_SHIFT]);
    }

    /** Keeps x as bound b, first raising the bounds' shift if x is beyond its range. */
    private static void put(State s, short[] bounds, int b, double x) {
        int shift = Float16.raise(x, (int) s.meta[BOUNDS_SHIFT], s.upper, s.lower);
        s.meta[BOUNDS_SHIFT] = shift;
        bounds[b] = Float16.encode(x, shift);
    }

    /**
     * Relaxes every seen bound towards the centre by {@code e^{−hours / 24D}}; the centre becomes
     * the anchor.
     */
    private void relax(State s, long hours) {
        if (hours <= 0) {
            return;
        }
        double f = Math.pow(hourlyDecay, Math.min(hours, 24L * 3650));
        double shift = s.meta[ANCHOR] - (double) s.meta[CENTRE];
        for (int b = 0; b < HOURS; b++) {
            if (seen(s, b)) {
                put(s, s.upper, b, (shift + bound(s, s.upper, b)) * f);
                put(s, s.lower, b, (shift + bound(s, s.lower, b)) * f);
            }
        }
        s.meta[ANCHOR] = s.meta[CENTRE];
    }

    /** A seen bucket's bounds are finite for good: learning and relaxing keep them so. */
    private static boolean seen(State s, int b) {
        return s.upper[b] != UNSEEN_UPPER;
    }

    public int encodedSize(State s) {
        return 1 + StateCodec.sizeFloats(s.meta) + 4 * HOURS;
    }

    /** The UTC hour of day, 0..23. */
    static int hourOfDay(Instant time) {
        return (int) (Math.floorMod(time.getEpochSecond(), 86_400L) / SECONDS_PER_HOUR);
    }
}
