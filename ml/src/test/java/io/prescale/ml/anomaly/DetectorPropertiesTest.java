package io.prescale.ml.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * Properties of the per-series stack on seeded random streams of every shape a series can take: no
 * NaN, every score in [0, 1], state finite and of constant size, encoding round-trips to a state
 * that scores the rest of the stream identically.
 */
class DetectorPropertiesTest {
    private static final AnomalyConfig CONFIG = AnomalyConfig.defaults();
    private static final Instant T0 = Instant.parse("2014-01-01T00:00:00Z");

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

    @Test
    void noFiniteStreamYieldsNanOrAScoreOutsideUnitIntervalOrUnboundedState() {
        Random r = new Random(20260101L);
        for (DoubleSupplier stream : streams(r)) {
            UnivariateAnomalyStack stack = new UnivariateAnomalyStack(CONFIG);
            UnivariateAnomalyStack.State state = stack.newState();
            int size = stack.encodedSize(state);
            for (int i = 0; i < 5000; i++) {
                double score = stack.score(state, T0.plusSeconds(300L * i), stream.getAsDouble());
                assertThat(score).isBetween(0.0, 1.0);
            }
            assertThat(stack.encodedSize(state)).isEqualTo(size);
            assertFinite(state);
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
                stack.score(state, T0, values[i]);
            }
            byte[] range = state.range().encode();
            byte[] detector = state.detector().encode();
            UnivariateAnomalyStack.State copy =
                    new UnivariateAnomalyStack.State(
                            EwmaQuantileRange.State.decode(range),
                            CombinedDetector.State.decode(detector, CONFIG.window()));
            assertThat(copy.range().encode()).isEqualTo(range);
            assertThat(copy.detector().encode()).isEqualTo(detector);
            assertThat(range.length + detector.length).isEqualTo(stack.encodedSize(state));
            for (int i = 2000; i < values.length; i++) {
                assertThat(stack.score(copy, T0, values[i]))
                        .isEqualTo(stack.score(state, T0, values[i]));
            }
        }
    }

    @Test
    void univariateStateFitsItsBudget() {
        UnivariateAnomalyStack stack = new UnivariateAnomalyStack(CONFIG);
        // detectors ~0.5 KiB of the 2 KiB per-series budget; the stand-in range is small
        assertThat(CONFIG.combined().encodedSize(CONFIG.combined().newState())).isLessThan(600);
        assertThat(stack.encodedSize(stack.newState())).isLessThan(700);
    }

    @Test
    void badEncodingsAreRejectedWithTheirReason() {
        byte[] bytes = CONFIG.combined().newState().encode();
        bytes[0] = 99;
        assertThatThrownBy(() -> CombinedDetector.State.decode(bytes, CONFIG.window()))
                .hasMessageContaining("combined detector state: version 99");
        byte[] good = CONFIG.combined().newState().encode();
        byte[] truncated = Arrays.copyOf(good, good.length - 5);
        assertThatThrownBy(() -> CombinedDetector.State.decode(truncated, CONFIG.window()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> CombinedDetector.State.decode(good, CONFIG.window() + 1))
                .hasMessageContaining("robust z-score window");
    }

    @Test
    void warmUpScoresZero() {
        UnivariateAnomalyStack stack = new UnivariateAnomalyStack(CONFIG);
        UnivariateAnomalyStack.State state = stack.newState();
        Random r = new Random(3);
        for (int i = 0; i < CONFIG.warmup(); i++) {
            assertThat(stack.score(state, T0, i == 100 ? 1e9 : r.nextGaussian())).isZero();
        }
    }

    private static void assertFinite(UnivariateAnomalyStack.State s) {
        CombinedDetector.State d = s.detector();
        for (double[] a :
                new double[][] {
                    s.range().v(),
                    d.residual().tail(),
                    d.robust().ring(),
                    d.robust().meta(),
                    d.robust().tail(),
                    d.cusum().cusum(),
                    d.cusum().tail(),
                    d.level().upper(),
                    d.level().lower(),
                    d.onset()
                }) {
            for (double v : a) {
                assertThat(v).isFinite();
            }
        }
    }
}
