package io.prescale.ml.forecast;

/**
 * Exponentially weighted moving average: {@code ℓ ← ℓ + α (y − ℓ)}, forecast ℓ at every horizon.
 * One float of state.
 */
final class EwmaForecaster implements Forecaster {
    static final int FLOATS = 1;

    /** Smoothing per step. */
    static final double ALPHA = 0.3;

    private final int offset;

    EwmaForecaster(int offset) {
        this.offset = offset;
    }

    @Override
    public String name() {
        return "ewma";
    }

    @Override
    public void start(ForecastState s, long epochSeconds, double value) {
        s.members()[offset] = (float) value;
    }

    @Override
    public void update(ForecastState s, long epochSeconds, double value) {
        float[] f = s.members();
        f[offset] += (float) (ALPHA * (value - f[offset]));
    }

    @Override
    public double forecast(ForecastState s, int h) {
        return s.members()[offset];
    }

    @Override
    public void forecastAll(ForecastState s, int maxHorizon, double[] out, int from, int stride) {
        double level = s.members()[offset];
        for (int h = 1; h <= maxHorizon; h++) {
            out[from + (h - 1) * stride] = level;
        }
    }
}
