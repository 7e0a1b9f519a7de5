package io.prescale.ml.anomaly;

import java.time.Instant;

/**
 * An online anomaly detector for one series: per point a tail probability, and from it a score in
 * [0, 1], computed from that point and the past only (no look-ahead), with the same parameters for
 * every series.
 *
 * <p>The detector holds no per-series data: that lives in its state {@code S}, a record of
 * primitive arrays updated in place (allocation-free) and encoded with a leading version byte, so a
 * streaming job can keep one state per key. Each call first scores the point against the state,
 * then learns the point.
 *
 * @param <S> the per-series state
 */
public interface AnomalyDetector<S> {

    /** A fresh state: the detector scores 0 until it has warmed up. */
    S newState();

    /**
     * The probability, under the series' recent behaviour, of a statistic at least as extreme as
     * this point's; then the state learns the point.
     *
     * @param state this series' state, updated in place
     * @param time the point's event time (detectors may ignore it; it is never read from a clock)
     * @param value the observed value; finite
     * @param expected the range a forecaster expected for this point before seeing it; detectors
     *     that do not use a forecast ignore it
     * @return a tail probability in [0, 1]; 1 during warm-up. It is not floored at {@link
     *     AnomalyScore#MIN_PROBABILITY} (where {@link AnomalyScore#of} reaches 1), so that a
     *     combination's Bonferroni factors, applied to it, can still reach a score of 1
     */
    double tailProbability(S state, Instant time, double value, ExpectedRange expected);

    /**
     * {@link AnomalyScore#of(double)} of {@link #tailProbability}: {@code −log10(p) / 10}, capped
     * at 1.
     */
    default double score(S state, Instant time, double value, ExpectedRange expected) {
        return AnomalyScore.of(tailProbability(state, time, value, expected));
    }

    /** Bytes of {@code state} once encoded, version byte included. */
    int encodedSize(S state);
}
