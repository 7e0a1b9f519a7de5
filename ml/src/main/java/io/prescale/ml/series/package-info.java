/**
 * One series' forecasting, anomaly detection and forecast scoring as the streaming job keeps it per
 * (entity, metric): {@link io.prescale.ml.series.SeriesModel} over a {@link
 * io.prescale.ml.series.SeriesState} (the forecast stack's state, the detectors' state and the
 * forecasts remembered until their target), with a compact versioned encoding for keyed state.
 * Framework-free; time is an argument.
 */
package io.prescale.ml.series;
