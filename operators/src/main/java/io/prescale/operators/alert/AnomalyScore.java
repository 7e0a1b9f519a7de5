package io.prescale.operators.alert;

import io.prescale.model.AlertKind;
import java.time.Instant;

/**
 * One per-point anomaly score of one metric of one entity: the seam between the detectors and
 * {@link AlertFunction}.
 *
 * @param kind what the detector looks for
 * @param score the score in [0, 1] (NaN: no opinion)
 * @param observed the value scored
 * @param expectedLower lower bound of what was expected
 * @param expectedUpper upper bound of what was expected
 * @param time the point's event time
 * @param detector the detector's name
 */
public record AnomalyScore(
        String entity,
        String metric,
        AlertKind kind,
        double score,
        double observed,
        double expectedLower,
        double expectedUpper,
        Instant time,
        String detector) {}
