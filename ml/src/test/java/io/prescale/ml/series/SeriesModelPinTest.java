package io.prescale.ml.series;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.anomaly.AnomalyConfig;
import io.prescale.ml.forecast.ForecastConfig;
import io.prescale.ml.forecast.QuantileLevelSet;
import io.prescale.ml.forecast.Slices;
import io.prescale.ml.trace.DemandGrid;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Pins every output of {@link SeriesModel#update} bit for bit on the real slices of {@code
 * src/test/resources/forecast} (three Azure VMs' {@code cpu_avg_pct}, one Google job's {@code
 * cpu_pct}), in the job's configuration (H = 12, lead 2, levels 0.5 / 0.9 / 0.95 / 0.99, AR(6)),
 * with a gap of four steps in each series. The expected values are those of the code before it was
 * optimised for speed (commit f372c7f), with the detectors' state in single precision and the
 * envelope's bounds in 16 bits since 2026-12-02 (anomaly scores and encoded states moved then;
 * forecasts did not), and the envelope's bounds' shift in its state since the seventh session of
 * 2026-12-02 (encoded states moved; every output stayed), and the ensemble's issued quantiles kept
 * rounded down to single precision since the tenth session (2026-12-03; encoded states moved, every
 * output stayed on these slices), and the detectors' robust learning since the eleventh session
 * (2026-12-03: the Azure slice's anomaly scores and encoded states moved; every other output, on
 * both slices, stayed bit for bit, checked by the CRC without the two scores), and the tail
 * probabilities floored only after the combination's factors since the twelfth session (2026-12-03:
 * the Azure slice's anomaly scores and encoded states (the onset memory) moved; every other output
 * stayed bit for bit on both slices, checked the same way), and the floor at 0 of a series never
 * negative since the same session (the Azure slice's forecasts below 0 became 0, the encoded states
 * of both slices grew by the clock's negative bit; every output of both slices, taken as {@code
 * max(0, v)} without the two scores, stayed bit for bit), and the points since a score at the cap
 * in the combined detector's onset state since the fifteenth session (2026-12-03: the encoded
 * states of both slices grew by that float; every output of both slices stayed bit for bit, the
 * anomaly scores included), and the level test's scales floored at a share of the series' spread
 * and the residual's and CUSUM's tail β at a constant since the sixteenth session (2026-12-04: the
 * Azure slice's anomaly scores and the encoded states of both slices moved; every other output of
 * both slices stayed bit for bit, checked by the CRC without the two scores, and the Google slice's
 * scores too): an optimisation must leave every result unchanged, so any difference, even in the
 * last bit, fails. {@link SeriesModelTest} checks what the values mean; this test only checks that
 * they do not move.
 */
class SeriesModelPinTest {
    private static final Duration STEP = Duration.ofMinutes(5);

    /** The job's configuration. */
    static final SeriesConfig JOB =
            new SeriesConfig(
                    new ForecastConfig(STEP, 12, new int[] {2}, 6),
                    AnomalyConfig.defaults(),
                    QuantileLevelSet.of(0.5, 0.9, 0.95, 0.99),
                    SeriesConfig.oneAndLead(2));

    /** Steps left out of every series (a gap the stack must bridge). */
    private static final int GAP_FROM = 400;

    private static final int GAP_TO = 404;

    @Test
    void everyOutputIsUnchangedOnTheAzureSlice() {
        assertPinned(
                replay(Slices.read("azure-cycles.csv.gz", "cpu_avg_pct")),
                0x403116161eb83cc0L,
                0x4027fac0b8982bc6L,
                "4e91d815",
                "992218f7");
    }

    @Test
    void everyOutputIsUnchangedOnTheGoogleSlice() {
        assertPinned(
                replay(Slices.read("google-job.csv.gz", "cpu_pct")),
                0x40236d1ab97bba88L,
                0x402168b2374705aeL,
                "1e38f38c",
                "3a0523c1");
    }

    /**
     * The last update's 0.99-quantile two steps ahead and mean twelve steps ahead (as bits), and
     * the CRC-32s (hex) of all outputs and of all final states.
     */
    private static void assertPinned(
            Pin pin, long q99At2, long meanAt12, String outputs, String states) {
        assertThat(pin.last.quantile(2, 3)).isEqualTo(Double.longBitsToDouble(q99At2));
        assertThat(pin.last.mean(12)).isEqualTo(Double.longBitsToDouble(meanAt12));
        assertThat(Long.toHexString(pin.outputs.getValue())).isEqualTo(outputs);
        assertThat(Long.toHexString(pin.states.getValue())).isEqualTo(states);
    }

    /** CRC-32 of every output of every update, and of every series' final encoded state. */
    private static final class Pin {
        final CRC32 outputs = new CRC32();
        final CRC32 states = new CRC32();
        SeriesStep last;

        void add(double v) {
            long bits = Double.doubleToRawLongBits(v);
            for (int i = 0; i < 8; i++) {
                outputs.update((int) (bits >>> (8 * i)));
            }
        }

        void add(SeriesStep out) {
            add(out.updated() ? 1 : 0);
            add(out.anomalyScore());
            add(out.previousScore());
            add(out.expectedUsable() ? 1 : 0);
            add(out.expectedMedian());
            add(out.expectedLower());
            add(out.expectedUpper());
            for (int h = 1; h <= 12; h++) {
                add(out.mean(h));
                for (int j = 0; j < 4; j++) {
                    add(out.quantile(h, j));
                }
            }
            for (int i = 0; i < out.scoredCount(); i++) {
                add(out.scored(i) ? 1 : 0);
                add(out.issuedMean(i));
                for (int k = 0; k < 4; k++) {
                    add(out.issuedQuantile(i, k));
                }
            }
        }
    }

    private static Pin replay(DemandGrid g) {
        SeriesModel model = new SeriesModel(JOB);
        Pin pin = new Pin();
        SeriesStep out = model.newStep();
        for (double[] y : g.values()) {
            SeriesState s = model.newState();
            for (int t = 0; t < y.length; t++) {
                if (t < GAP_FROM || t >= GAP_TO) {
                    Instant at = g.start().plus(STEP.multipliedBy(t));
                    model.update(s, at, y[t], out);
                    pin.add(out);
                }
            }
            pin.states.update(model.encode(s));
        }
        pin.last = out;
        return pin;
    }
}
