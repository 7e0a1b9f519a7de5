package io.prescale.operators.feedback;

import io.prescale.model.Forecast;

/**
 * A ring of the last forecasts of one series (horizon 1), so that a rating can be recorded against
 * the forecast it rates. Updated in place.
 *
 * @param issuedAtMillis when each was issued (the rating's reference)
 * @param targetMillis the time each was for
 * @param means each one's point forecast
 * @param model the model of the newest
 * @param count how many were ever stored (the next slot is {@code count mod capacity})
 */
public record ForecastMemory(
        long[] issuedAtMillis, long[] targetMillis, double[] means, String model, long count) {

    static ForecastMemory empty(int capacity) {
        return new ForecastMemory(
                new long[capacity], new long[capacity], new double[capacity], "", 0);
    }

    ForecastMemory plus(Forecast f) {
        int i = (int) (count % means.length);
        issuedAtMillis[i] = f.issuedAt().toEpochMilli();
        targetMillis[i] = f.target().toEpochMilli();
        means[i] = f.mean();
        return new ForecastMemory(issuedAtMillis, targetMillis, means, f.model(), count + 1);
    }

    /** The slot of the forecast issued at {@code millis}, or -1 when it is not remembered. */
    int find(long millis) {
        int n = (int) Math.min(count, means.length);
        for (int i = 0; i < n; i++) {
            if (issuedAtMillis[i] == millis) {
                return i;
            }
        }
        return -1;
    }
}
