package io.prescale.ml.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The multivariate detector: an off-pattern vector is rare, state round-trips, bad input named. */
class IsolationForestDetectorTest {
    private static final TailModel TAIL = new TailModel(0.02, 1000, 100);

    /** Two correlated metrics (cpu ≈ 2 · requests); a point breaking the relation is flagged. */
    @Test
    void vectorBreakingTheUsualRelationIsRare() {
        IsolationForestDetector d = IsolationForestDetector.withDefaults(2, TAIL);
        IsolationForestDetector.State s = d.newState();
        Random r = new Random(17);
        for (int i = 0; i < 600; i++) {
            double req = 100 + 20 * r.nextGaussian();
            d.tailProbability(s, new double[] {req, 2 * req + r.nextGaussian()});
        }
        double normal = d.tailProbability(s, new double[] {100, 200});
        double broken = d.tailProbability(s, new double[] {160, 60});
        // the forest's scores are bounded (≤ 1), so their tail probabilities stay moderate
        assertThat(broken).isLessThan(0.01);
        assertThat(normal).isGreaterThan(10 * broken);
    }

    /**
     * Two runs over the same vectors give the same probabilities, refit after refit, even with the
     * common pool busy (Smile's own fit grew the trees there, with per-thread random streams).
     */
    @Test
    void refitsAreReproducible() {
        double[][] runs = new double[2][];
        for (int run = 0; run < 2; run++) {
            IsolationForestDetector d = IsolationForestDetector.withDefaults(2, TAIL);
            IsolationForestDetector.State s = d.newState();
            Random r = new Random(23);
            runs[run] = new double[400];
            for (int i = 0; i < runs[run].length; i++) {
                java.util.stream.IntStream.range(0, 64).parallel().forEach(x -> Math.random());
                runs[run][i] =
                        d.tailProbability(s, new double[] {r.nextGaussian(), r.nextDouble()});
            }
        }
        assertThat(runs[1]).containsExactly(runs[0]);
    }

    @Test
    void stateRoundTripsAndRefitsAfterDecode() {
        IsolationForestDetector d = IsolationForestDetector.withDefaults(3, TAIL);
        IsolationForestDetector.State s = d.newState();
        Random r = new Random(19);
        for (int i = 0; i < 300; i++) {
            d.tailProbability(
                    s, new double[] {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()});
        }
        byte[] bytes = s.encode();
        assertThat(bytes.length).isEqualTo(d.encodedSize(s)).isLessThan(6300);
        IsolationForestDetector.State copy = d.decode(bytes);
        assertThat(copy.encode()).isEqualTo(bytes);
        assertThat(copy.forest()[0]).isNull();
        double p = d.tailProbability(copy, new double[] {0, 0, 0});
        assertThat(p).isBetween(0.0, 1.0);
        assertThat(copy.forest()[0]).as("refit on the first vector after decode").isNotNull();
        assertThatThrownBy(() -> IsolationForestDetector.withDefaults(2, TAIL).decode(bytes))
                .hasMessageContaining("isolation forest ring");
        assertThatThrownBy(() -> d.tailProbability(s, new double[] {1}))
                .hasMessageContaining("expected 3");
    }
}
