/**
 * {@code prescale forecast-eval}: replays a trace through one {@link
 * io.prescale.ml.forecast.ForecastStack} per entity and scores each member and the ensemble at one
 * horizon (MASE, sMAPE, pinball loss, coverage pooled and per entity), the first day of each entity
 * being warm-up.
 */
package io.prescale.ml.forecast.eval;
