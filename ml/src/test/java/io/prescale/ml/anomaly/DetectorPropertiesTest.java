package io.prescale.ml.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.ml.forecast.ForecastConfig;
import io.prescale.ml.forecast.ForecastStack;
import io.prescale.ml.forecast.ForecastState;
import io.prescale.ml.stats.Float16;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * Properties of the per-series stack on seeded random streams of every shape a series can take,
 * with both range sources (stand-in and calibrated forecaster): no NaN, every score in [0, 1],
 * state finite and of constant size, encoding round-trips to a state that scores the rest of the
 * stream identically.
 */
class DetectorPropertiesTest {
    private static final AnomalyConfig CONFIG = AnomalyConfig.defaults();
    private static final Instant T0 = Instant.parse("2014-01-01T00:00:00Z");
    private static final long STEP_SECONDS = 300;
    private static final ForecastStack FORECASTS =
            new ForecastStack(
                    ForecastConfig.defaults(Duration.ofSeconds(STEP_SECONDS)).withAnchors(1));

    /** Stream shapes: Gaussian, heavy-tailed, constant, huge, tiny, steps, alternating extremes. */
    private static DoubleSupplier[] streams(Random r) {
        return new DoubleSupplier[] {
            r::nextGaussian,
            () -> Math.pow(10, 6 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1),
            () -> 42.0,
            () -> 1e300 * r.nextGaussian(),
            () -> 1e-300 * r.nextGaussian(),
            () -> (r.nextInt(500) < 2 ? 1e6 : 0) + r.nextGaussian(),
            () -> r.nextBoolean() ? Double.MAX_VALUE : -Double.MAX_VALUE,
            () -> r.nextInt(3) == 0 ? 0.0 : 100.0
        };
    }

    private static Instant at(int i) {
        return T0.plusSeconds(STEP_SECONDS * i);
    }

    @Test
    void noFiniteStreamYieldsNanOrAScoreOutsideUnitIntervalOrUnboundedState() {
        Random r = new Random(20260101L);
        for (DoubleSupplier stream : streams(r)) {
            UnivariateAnomalyStack standIn = new UnivariateAnomalyStack(CONFIG);
            UnivariateAnomalyStack forecast =
                    new UnivariateAnomalyStack(CONFIG, ForecastRange.defaults(FORECASTS));
            UnivariateAnomalyStack.State a = standIn.newState();
            UnivariateAnomalyStack.State b = forecast.newState();
            ForecastState f = FORECASTS.newState();
            int size = standIn.encodedSize(a);
            for (int i = 0; i < 5000; i++) {
                double v = stream.getAsDouble();
                assertThat(standIn.score(a, at(i), v)).isBetween(0.0, 1.0);
                assertThat(forecast.score(b, f, at(i), v)).isBetween(0.0, 1.0);
                FORECASTS.update(f, at(i).getEpochSecond(), v);
            }
            assertThat(standIn.encodedSize(a)).isEqualTo(size);
            assertThat(forecast.encodedSize(b)).isEqualTo(size);
            assertFinite(a);
            assertFinite(b);
        }
    }

    @Test
    void encodingRoundTripsAndTheDecodedStateScoresIdentically() {
        Random r = new Random(7L);
        for (DoubleSupplier stream : streams(r)) {
            UnivariateAnomalyStack stack = new UnivariateAnomalyStack(CONFIG);
            UnivariateAnomalyStack.State state = stack.newState();
            double[] values = new double[3000];
            Arrays.setAll(values, i -> stream.getAsDouble());
            for (int i = 0; i < 2000; i++) {
                stack.score(state, at(i), values[i]);
            }
            byte[] range = state.range().encode();
            byte[] detector = state.detector().encode();
            UnivariateAnomalyStack.State copy =
                    new UnivariateAnomalyStack.State(
                            EwmaQuantileRange.State.decode(range),
                            CombinedDetector.State.decode(detector));
            assertThat(copy.range().encode()).isEqualTo(range);
            assertThat(copy.detector().encode()).isEqualTo(detector);
            assertThat(range.length + detector.length).isEqualTo(stack.encodedSize(state));
            for (int i = 2000; i < values.length; i++) {
                assertThat(stack.score(copy, at(i), values[i]))
                        .isEqualTo(stack.score(state, at(i), values[i]));
            }
        }
    }

    /** The forecaster path equals scoring point by point against the range read off by hand. */
    @Test
    void scoreAllWithAForecasterEqualsThePointByPointPath() {
        ForecastRange range = ForecastRange.defaults(FORECASTS);
        UnivariateAnomalyStack stack = new UnivariateAnomalyStack(CONFIG, range);
        Random r = new Random(17);
        int n = 3000;
        Instant[] times = new Instant[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = at(i);
            values[i] = 50 + 10 * Math.sin(2 * Math.PI * i / 288) + r.nextGaussian();
        }
        double[] all = stack.scoreAll(times, values);
        UnivariateAnomalyStack.State state = stack.newState();
        ForecastState f = FORECASTS.newState();
        MutableRange expected = new MutableRange();
        for (int i = 0; i < n; i++) {
            range.expected(f, expected);
            assertThat(stack.score(state, times[i], values[i], expected))
                    .as("point %d", i)
                    .isEqualTo(all[i]);
            FORECASTS.update(f, times[i].getEpochSecond(), values[i]);
        }
        assertThatThrownBy(() -> new UnivariateAnomalyStack(CONFIG).score(state, f, T0, 1.0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ForecastRange");
    }

    @Test
    void univariateStateFitsItsBudget() {
        UnivariateAnomalyStack stack = new UnivariateAnomalyStack(CONFIG);
        // the detectors' share of the 2 KiB per-series budget is about 0.5 KiB
        assertThat(CONFIG.combined().encodedSize(CONFIG.combined().newState())).isLessThan(540);
        assertThat(stack.encodedSize(stack.newState())).isLessThan(600);
    }

    @Test
    void badEncodingsAreRejectedWithTheirReason() {
        byte[] bytes = CONFIG.combined().newState().encode();
        bytes[0] = 1;
        assertThatThrownBy(() -> CombinedDetector.State.decode(bytes))
                .hasMessageContaining("combined detector state: version 1, this code reads 4");
        byte[] good = CONFIG.combined().newState().encode();
        byte[] truncated = Arrays.copyOf(good, good.length - 5);
        assertThatThrownBy(() -> CombinedDetector.State.decode(truncated))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        assertThatThrownBy(() -> CombinedDetector.State.decode(longer))
                .hasMessageContaining("3 bytes past its end");
    }

    @Test
    void warmUpScoresZero() {
        UnivariateAnomalyStack stack = new UnivariateAnomalyStack(CONFIG);
        UnivariateAnomalyStack.State state = stack.newState();
        Random r = new Random(3);
        for (int i = 0; i < CONFIG.warmup(); i++) {
            assertThat(stack.score(state, at(i), i == 100 ? 1e9 : r.nextGaussian())).isZero();
        }
    }

    private static void assertFinite(UnivariateAnomalyStack.State s) {
        CombinedDetector.State d = s.detector();
        for (double v : s.range().v()) {
            assertThat(v).isFinite();
        }
        for (float[] a :
                new float[][] {
                    d.residual().tail(),
                    d.cusum().cusum(),
                    d.cusum().tail(),
                    d.level().upper(),
                    d.level().lower(),
                    d.level().mean(),
                    d.level().meanUpper(),
                    d.level().meanLower(),
                    d.envelope().meta(),
                    d.onset()
                }) {
            for (float v : a) {
                assertThat(v).isFinite();
            }
        }
        for (short[] a : new short[][] {d.envelope().upper(), d.envelope().lower()}) {
            for (short v : a) {
                // a bucket not yet seen holds an infinity; a seen one a finite distance
                assertThat(Float16.decode(v)).isNotNaN();
            }
        }
    }
}
