package io.prescale.operators.forecast;

import io.prescale.model.WindowAggregate;

/**
 * Which statistic of a window a series' forecaster learns and forecasts. The default, {@link #MAX},
 * is what the allocation policy and {@code prescale backtest} take as a step's demand (the peak
 * within the step must be served), so the forecasts, their accuracy and the anomaly scores are
 * about the same quantity that is allocated.
 */
public enum WindowStatistic {
    /** Number of samples in the window. */
    COUNT,
    /** Mean of the samples. */
    MEAN,
    /** Largest sample: the step's peak demand. */
    MAX,
    /** 95th percentile of the samples (nearest rank). */
    P95;

    /** This statistic of {@code w}. */
    public double of(WindowAggregate w) {
        return switch (this) {
            case COUNT -> w.count();
            case MEAN -> w.mean();
            case MAX -> w.max();
            case P95 -> w.p95();
        };
    }
}
