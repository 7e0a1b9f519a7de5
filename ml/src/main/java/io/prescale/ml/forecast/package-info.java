/**
 * Online per-series forecasting with calibrated quantiles, framework-free and allocation-free per
 * update (issue 3).
 *
 * <h2>API</h2>
 *
 * <pre>{@code
 * ForecastStack stack = new ForecastStack(ForecastConfig.defaults(Duration.ofMinutes(5)));
 * ForecastState s = stack.newState();               // one per (entity, metric)
 * stack.update(s, epochSeconds, value);             // once per grid step, in event time
 * double mu  = stack.mean(s, h);                    // point forecast, 1 <= h <= H (12)
 * double q   = stack.quantile(s, h, 0.99);          // any q in [0.5, 0.999], monotone in q
 * stack.forecastAll(s, QuantileLevelSet.of(0.5, 0.99), means, qs); // every h at once, same values
 * byte[] b   = stack.encode(s);                     // version byte first; about 1.3 KiB
 * ForecastState t = stack.decode(b);                // same config; continues bit-identically
 * }</pre>
 *
 * <p>A {@link io.prescale.ml.forecast.ForecastStack} holds only its {@link
 * io.prescale.ml.forecast.ForecastConfig} and is shared by every series (one per operator instance:
 * reads use the state's scratch, so one state must not be read by two threads at once). All memory
 * of a series is its {@link io.prescale.ml.forecast.ForecastState}, a record of primitive arrays
 * updated in place; a Flink {@code TypeSerializer} wraps {@code encode}/{@code decode} (the {@code
 * scratch} array is derived and never encoded). Time is always an argument ({@code long} epoch
 * seconds of the step's start), never read inside.
 *
 * <h2>What is inside</h2>
 *
 * <ul>
 *   <li>{@link io.prescale.ml.forecast.Seasonality}: hour-of-day (24) and hour-of-week (168)
 *       profiles learned from hourly means, and the online detection (out-of-sample explained
 *       variance) of whether each helps, with the daily period folded to 8 or 12 hours when that is
 *       what the series repeats.
 *   <li>Six members ({@link io.prescale.ml.forecast.Forecaster}): EWMA, damped Holt, Holt–Winters
 *       on the profiles, RLS AR(p) and ARIMA(1,1,0) on the deseasonalised series, and seasonal
 *       naive at hour resolution.
 *   <li>{@link io.prescale.ml.forecast.QuantileCalibrator}: per member and anchor horizon, quantile
 *       tracking of scaled residuals at 0.5, 0.9, 0.95, 0.99, 0.999 (coverage converges to the
 *       level at any magnitude and after changes).
 *   <li>{@link io.prescale.ml.forecast.EnsembleCalibration}: per level, multiplicative weights on
 *       the members' pinball losses (with fixed share), the weighted members' calibrated quantiles,
 *       recalibrated by a calibrator of its own that is judged on the quantiles it actually issued.
 * </ul>
 *
 * <h2>Horizons</h2>
 *
 * Forecasts are remembered until their target and scored only at the config's anchor horizons
 * (default {2}, the policy's lead): there the quantiles are calibrated. Other horizons take the
 * members' own forecasts for the centre and interpolate (or extrapolate as a power law) the spread;
 * configure anchors {1, 2} when one-step intervals must be calibrated too (for example to score
 * residuals for anomaly detection), at about 260 more bytes of state.
 */
package io.prescale.ml.forecast;
