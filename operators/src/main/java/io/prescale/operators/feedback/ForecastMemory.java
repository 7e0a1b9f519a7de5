package io.prescale.operators.feedback;

import io.prescale.ml.stats.Float16;
import io.prescale.model.Forecast;
import java.util.Arrays;

/**
 * The one-step forecasts of one series issued over its last {@code capacity} steps, so that a
 * rating can be recorded against the forecast it rates. Forecasts are issued once per step (at the
 * end of each window), so the memory is a ring of means indexed by the step they were issued at:
 * slot {@code (issued / step) mod capacity}, NaN where none was issued (a gap); a forecast issued
 * at {@code t} was for {@code t + step}. Means are kept as 16-bit floats ({@link Float16}: three
 * significant digits, 0.1 %, as a rating's record needs them): 2 bytes a forecast instead of three
 * longs and a double, at a binary shift raised when a mean reaches 2<sup>31</sup> (a metric in
 * bytes; {@link Float16#shiftFor}). Updated in place.
 *
 * @param newestMillis when the newest forecast was issued (epoch ms; {@link Long#MIN_VALUE} while
 *     empty)
 * @param stepMillis the forecasts' step, ms
 * @param means per slot the mean issued at that step ({@link Float16}), NaN where none
 * @param model the model of the newest
 * @param shift the means' binary shift
 */
public record ForecastMemory(
        long newestMillis, long stepMillis, short[] means, String model, int shift) {

    private static final short NONE = Float16.encode(Double.NaN);

    static ForecastMemory empty(int capacity) {
        short[] means = new short[capacity];
        Arrays.fill(means, NONE);
        return new ForecastMemory(Long.MIN_VALUE, 1, means, "", 0);
    }

    /** This memory with {@code f} (a one-step forecast) remembered. */
    ForecastMemory plus(Forecast f) {
        long issued = f.issuedAt().toEpochMilli();
        long step = f.stepSeconds() * 1000;
        long newest = newestMillis;
        if (newest == Long.MIN_VALUE || step != stepMillis || (issued - newest) % step != 0) {
            Arrays.fill(means, NONE);
            newest = issued;
        } else if (issued > newest) {
            long gap = Math.min((issued - newest) / step, means.length);
            for (long k = 1; k < gap; k++) {
                means[slot(newest + k * step, step)] = NONE;
            }
            newest = issued;
        } else if (issued <= newest - means.length * step) {
            return this;
        }
        int raised = Float16.raise(f.mean(), shift, means);
        means[slot(issued, step)] = Float16.encode(f.mean(), raised);
        return new ForecastMemory(newest, step, means, f.model(), raised);
    }

    /** The mean of the forecast issued at {@code millis}, or NaN when it is not remembered. */
    double meanIssuedAt(long millis) {
        if (newestMillis == Long.MIN_VALUE
                || millis > newestMillis
                || millis <= newestMillis - means.length * stepMillis
                || (newestMillis - millis) % stepMillis != 0) {
            return Double.NaN;
        }
        return Float16.decode(means[slot(millis, stepMillis)], shift);
    }

    private int slot(long millis, long step) {
        return (int) Math.floorMod(Math.floorDiv(millis, step), (long) means.length);
    }
}
