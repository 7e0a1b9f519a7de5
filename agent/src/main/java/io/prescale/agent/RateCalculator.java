package io.prescale.agent;

import java.time.Duration;
import java.util.OptionalDouble;

/**
 * Rates and ratios from two successive readings of monotonic counters. Pure: the readings and the
 * time between them are arguments. Every result is finite and non-negative, or empty:
 *
 * <ul>
 *   <li>a counter that went backwards (the entity or its driver restarted, or the counter wrapped)
 *       yields no value for that interval, never a negative one;
 *   <li>an elapsed time that is zero or negative (clock stepped back) yields no rate;
 *   <li>an unknown ({@code null}) counter on either side yields nothing.
 * </ul>
 */
public final class RateCalculator {
    private RateCalculator() {}

    /**
     * Per-second rate {@code r = (c1 - c0) / Δt}, Δt in seconds (nanosecond resolution).
     *
     * @param previous counter at the earlier reading
     * @param current counter at the later reading
     * @param elapsed time between the two readings
     * @return units of the counter per second, or empty as described above
     */
    public static OptionalDouble perSecond(Long previous, Long current, Duration elapsed) {
        if (previous == null || current == null || elapsed == null) {
            return OptionalDouble.empty();
        }
        if (elapsed.isZero() || elapsed.isNegative() || current < previous) {
            return OptionalDouble.empty();
        }
        double seconds = elapsed.toNanos() / 1e9;
        return finite((current - previous) / seconds);
    }

    /**
     * Busy share in percent {@code p = 100 · (b1 - b0) / (c1 - c0)}, clamped to [0, 100] because
     * busy and capacity are sampled at slightly different instants.
     *
     * @param busy0 busy counter at the earlier reading
     * @param busy1 busy counter at the later reading
     * @param capacity0 capacity counter at the earlier reading
     * @param capacity1 capacity counter at the later reading
     * @return percent, or empty when a counter went backwards or no capacity elapsed
     */
    public static OptionalDouble busyPercent(
            long busy0, long busy1, long capacity0, long capacity1) {
        long busy = busy1 - busy0;
        long capacity = capacity1 - capacity0;
        if (busy < 0 || capacity <= 0) {
            return OptionalDouble.empty();
        }
        return finite(Math.min(100.0, 100.0 * busy / capacity));
    }

    /** Share in percent {@code 100 · part / whole}; empty when the whole is not positive. */
    public static OptionalDouble percent(long part, long whole) {
        if (whole <= 0 || part < 0) {
            return OptionalDouble.empty();
        }
        return finite(Math.min(100.0, 100.0 * part / whole));
    }

    private static OptionalDouble finite(double v) {
        return Double.isFinite(v) && v >= 0 ? OptionalDouble.of(v) : OptionalDouble.empty();
    }
}
