package io.prescale.ml.anomaly;

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
 * Non-finite values are neither expected nor learnt; stored bounds are clamped to the float range.
 *
 * <p>State: {@code [n, c, s, hour of the last point]} and the 24 + 24 bounds as floats (a bucket
 * not yet seen has {@code U_b = −Float.MAX_VALUE < L_b = Float.MAX_VALUE}), about 0.2 KiB encoded.
 */
public final class SeasonalEnvelope {
    static final byte VERSION = 1;

    /** Hour-of-day buckets. */
    public static final int HOURS = 24;

    private static final int N = 0;
    private static final int CENTRE = 1;
    private static final int SCALE = 2;
    private static final int HOUR = 3;
    private static final int META = 4;
    private static final long SECONDS_PER_HOUR = 3600;

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
     * @param meta {@code [n, c, s, hour of the last point (epoch hours)]}
     * @param upper {@code U_b}, {@code −Float.MAX_VALUE} until bucket b is seen
     * @param lower {@code L_b}, {@code Float.MAX_VALUE} until bucket b is seen
     */
    public record State(double[] meta, float[] upper, float[] lower) {
        public byte[] encode() {
            ByteBuffer out =
                    ByteBuffer.allocate(
                            StateCodec.size(meta) + StateCodec.sizeFloats(upper, lower));
            StateCodec.write(out, VERSION, meta);
            StateCodec.writeFloats(out, upper, lower);
            return out.array();
        }

        public static State decode(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            StateCodec.expectVersion(in, VERSION, "seasonal envelope");
            return new State(
                    StateCodec.read(in, META, "seasonal envelope centre"),
                    StateCodec.readFloats(in, HOURS, "seasonal envelope upper bounds"),
                    StateCodec.readFloats(in, HOURS, "seasonal envelope lower bounds"));
        }
    }

    public State newState() {
        float[] upper = new float[HOURS];
        float[] lower = new float[HOURS];
        Arrays.fill(upper, -Float.MAX_VALUE);
        Arrays.fill(lower, Float.MAX_VALUE);
        return new State(new double[META], upper, lower);
    }

    /** Whether {@code value} is expected at {@code time}'s hour of day (see the class comment). */
    public boolean contains(State s, Instant time, double value) {
        if (!Double.isFinite(value)) {
            return false;
        }
        int b = hourOfDay(time);
        double u = Double.NEGATIVE_INFINITY;
        double l = Double.POSITIVE_INFINITY;
        for (int k = b + HOURS - 1; k <= b + HOURS + 1; k++) {
            int c = k % HOURS;
            if (seen(s, c)) {
                u = Math.max(u, s.upper[c]);
                l = Math.min(l, s.lower[c]);
            }
        }
        if (u == Double.NEGATIVE_INFINITY) {
            return false;
        }
        double c = s.meta[CENTRE];
        return value <= c + (1 + tolerance) * (u - c) && value >= c - (1 + tolerance) * (c - l);
    }

    /** Learns {@code value} observed at {@code time}. */
    public void learn(State s, Instant time, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        double[] m = s.meta;
        long hour = Math.floorDiv(time.getEpochSecond(), SECONDS_PER_HOUR);
        double n = Math.min(m[N] + 1, 1e15);
        m[N] = n;
        if (n == 1) {
            m[CENTRE] = value;
        } else {
            relax(s, hour - (long) m[HOUR]);
            double r = Math.min(n, memory);
            double step = 2 * Math.max(m[SCALE], 1e-12 * (1 + Math.abs(m[CENTRE]))) / r;
            m[CENTRE] = finite(m[CENTRE] + Math.signum(value - m[CENTRE]) * step, m[CENTRE]);
            m[SCALE] = finite(m[SCALE] + (Math.abs(value - m[CENTRE]) - m[SCALE]) / r, m[SCALE]);
        }
        m[HOUR] = hour;
        int b = hourOfDay(time);
        float x = toFloat(value);
        s.upper[b] = Math.max(s.upper[b], x);
        s.lower[b] = Math.min(s.lower[b], x);
    }

    /** Relaxes every seen bound towards the centre by {@code e^{−hours / 24D}}. */
    private void relax(State s, long hours) {
        if (hours <= 0) {
            return;
        }
        double f = Math.pow(hourlyDecay, Math.min(hours, 24L * 3650));
        double c = s.meta[CENTRE];
        for (int b = 0; b < HOURS; b++) {
            if (seen(s, b)) {
                s.upper[b] = toFloat(c + (s.upper[b] - c) * f);
                s.lower[b] = toFloat(c + (s.lower[b] - c) * f);
            }
        }
    }

    private static boolean seen(State s, int b) {
        return s.upper[b] >= s.lower[b];
    }

    public int encodedSize(State s) {
        return StateCodec.size(s.meta) + StateCodec.sizeFloats(s.upper, s.lower);
    }

    /** The UTC hour of day, 0..23. */
    static int hourOfDay(Instant time) {
        return (int) (Math.floorMod(time.getEpochSecond(), 86_400L) / SECONDS_PER_HOUR);
    }

    private static float toFloat(double v) {
        return (float) Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, v));
    }

    private static double finite(double v, double fallback) {
        return Double.isFinite(v) ? v : fallback;
    }
}
