package io.prescale.ml.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever finite stream comes in (zeros, constants, huge or tiny magnitudes, spikes, sign flips,
 * gaps, repeats, NaN mixed in), the state stays finite and bounded, every read is finite and
 * monotone in q, and the encoding round-trips into a state that continues identically.
 */
class ForecastStackPropertyTest {
    private static final long START = 1_483_228_800L;
    private static final int UPDATES = 6_000;
    private static final double[] LEVELS = {0.5, 0.6, 0.9, 0.93, 0.95, 0.98, 0.99, 0.995, 0.999};

    static Stream<Arguments> streams() {
        Random r = new Random(42);
        double[] walk = new double[UPDATES + 100];
        for (int t = 1; t < walk.length; t++) {
            walk[t] = walk[t - 1] + r.nextGaussian();
        }
        return Stream.of(
                Arguments.of("zeros", (IntToDoubleFunction) t -> 0),
                Arguments.of("constant", (IntToDoubleFunction) t -> 5),
                Arguments.of("negative huge constant", (IntToDoubleFunction) t -> -3e20),
                Arguments.of(
                        "beyond the clamp", (IntToDoubleFunction) t -> t % 3 == 0 ? 1e300 : 1e29),
                Arguments.of(
                        "alternating ±1e30", (IntToDoubleFunction) t -> t % 2 == 0 ? 1e30 : -1e30),
                Arguments.of("tiny", (IntToDoubleFunction) t -> 1e-30 * (1 + t % 7)),
                Arguments.of("rare spikes", (IntToDoubleFunction) t -> t % 997 == 0 ? 1e9 : 1),
                Arguments.of("step", (IntToDoubleFunction) t -> t < UPDATES / 2 ? 1 : 1e6),
                Arguments.of("random walk", (IntToDoubleFunction) t -> walk[t]),
                Arguments.of(
                        "noise with NaN and infinities",
                        (IntToDoubleFunction)
                                t ->
                                        t % 50 == 0
                                                ? Double.NaN
                                                : t % 77 == 0
                                                        ? Double.POSITIVE_INFINITY
                                                        : Math.sin(t) * 100),
                Arguments.of(
                        "integers then zero", (IntToDoubleFunction) t -> t < 3000 ? t % 5 : 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void stateStaysFiniteAndBoundedReadsStayMonotoneAndEncodingRoundTrips(
            String name, IntToDoubleFunction values) {
        for (Duration step : new Duration[] {Duration.ofMinutes(5), Duration.ofMinutes(1)}) {
            ForecastStack stack =
                    new ForecastStack(ForecastConfig.defaults(step).withAnchors(1, 2, 6));
            ForecastState s = stack.newState();
            Random gaps = new Random(name.hashCode());
            long time = START;
            double maxAbs = 0;
            for (int t = 0; t < UPDATES; t++) {
                double v = values.applyAsDouble(t);
                if (Double.isFinite(v)) {
                    maxAbs = Math.max(maxAbs, Math.min(Math.abs(v), ForecastStack.MAX_ABS));
                }
                int r = gaps.nextInt(200);
                time +=
                        r == 0
                                ? 0
                                : r == 1
                                        ? step.toSeconds() * (2 + gaps.nextInt(50))
                                        : step.toSeconds();
                stack.update(s, time, v);
                if (t % 97 == 0 && s.updates() > 0) {
                    checkState(s, maxAbs);
                    checkReads(stack, s);
                }
                if (t % 1_000 == 999) {
                    checkRoundTrip(stack, s, time, step, values, t);
                }
            }
        }
    }

    private static void checkState(ForecastState s, double maxAbs) {
        double bound = 1e5 * (maxAbs + 1);
        for (float[] a :
                new float[][] {
                    s.season(), s.members(), s.calibration(), s.weights(), s.pending()
                }) {
            for (float v : a) {
                assertThat(Float.isFinite(v)).isTrue();
                assertThat((double) Math.abs(v)).isLessThanOrEqualTo(bound);
            }
        }
        for (double v : s.scratch()) {
            assertThat(Double.isFinite(v)).isTrue();
        }
        float[] w = s.weights();
        for (int i = 0; i < w.length; i += 6) {
            double sum = 0;
            for (int m = 0; m < 6; m++) {
                assertThat(w[i + m]).isBetween(0f, 1f);
                sum += w[i + m];
            }
            assertThat(sum).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    private static void checkReads(ForecastStack stack, ForecastState s) {
        for (int h = 1; h <= stack.config().maxHorizon(); h++) {
            assertThat(Double.isFinite(stack.mean(s, h))).isTrue();
            double previous = Double.NEGATIVE_INFINITY;
            for (double q : LEVELS) {
                double v = stack.quantile(s, h, q);
                assertThat(Double.isFinite(v)).as("h %d q %s", h, q).isTrue();
                assertThat(v).as("monotone at h %d q %s", h, q).isGreaterThanOrEqualTo(previous);
                previous = v;
            }
            for (int m = 0; m < stack.memberCount(); m++) {
                assertThat(Double.isFinite(stack.memberQuantile(s, m, h, 0.99))).isTrue();
            }
        }
    }

    private static void checkRoundTrip(
            ForecastStack stack,
            ForecastState s,
            long time,
            Duration step,
            IntToDoubleFunction values,
            int t) {
        byte[] bytes = stack.encode(s);
        assertThat(bytes[0]).isEqualTo(ForecastState.VERSION);
        ForecastState copy = stack.decode(bytes);
        assertThat(copy.sameAs(s)).isTrue();
        assertThat(stack.quantile(copy, 2, 0.97)).isEqualTo(stack.quantile(s, 2, 0.97));
        ForecastState original = stack.decode(bytes);
        for (int i = 1; i <= 20; i++) {
            double v = values.applyAsDouble(t + i);
            stack.update(original, time + i * step.toSeconds(), v);
            stack.update(copy, time + i * step.toSeconds(), v);
            assertThat(stack.encode(copy)).isEqualTo(stack.encode(original));
            assertThat(stack.mean(copy, 3)).isEqualTo(stack.mean(original, 3));
        }
    }
}
