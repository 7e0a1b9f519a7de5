package io.prescale.ml.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.prescale.ml.trace.UnsatisfiableOptionException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entities need not share a span: each is replayed and scored on its own. */
class EntitySpansTest {
    private static final int STEPS = 3 * 288;
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    @TempDir Path dir;

    @Test
    void anEntityFarFromTheOthersScoresAsItWouldAlone() throws IOException {
        double[] values = dailyCycle();
        Path alone = trace("alone.csv", values, List.of(Duration.ZERO));
        // the same series a year later under another name: on one grid with the first, the steps
        // between them are not data and must not be scored (nor replayed, nor written)
        Path pair = trace("pair.csv", values, List.of(Duration.ZERO, Duration.ofDays(364)));

        List<PolicyResult> one = BacktestMain.execute(options(alone, "out-alone"), quiet());
        List<PolicyResult> two = BacktestMain.execute(options(pair, "out-pair"), quiet());

        for (int i = 0; i < one.size(); i++) {
            Score a = one.get(i).score();
            Score b = two.get(i).score();
            assertThat(b.pooledViolation()).as(one.get(i).policy()).isEqualTo(a.pooledViolation());
            assertThat(b.perEntityP95()).as(one.get(i).policy()).isEqualTo(a.perEntityP95());
            // sums over twice the steps: equal to rounding
            assertThat(b.cost()).as(one.get(i).policy()).isCloseTo(a.cost(), within(1e-12));
            assertThat(b.actionsPerEntityDay())
                    .as(one.get(i).policy())
                    .isCloseTo(a.actionsPerEntityDay(), within(1e-12));
        }
        assertThat(Files.readAllLines(dir.resolve("out-pair/prescale/allocations.csv")))
                .hasSize(1 + 2 * STEPS);
    }

    @Test
    void anEntityNoLongerThanTheWarmUpIsNotScoredAndSaid() throws IOException {
        double[] values = dailyCycle();
        Path pair = trace("pair.csv", values, List.of(Duration.ZERO, Duration.ofDays(30)));
        // the second entity: its first day only, no longer than the warm-up
        List<String> lines = Files.readAllLines(pair);
        Files.write(pair, lines.subList(0, 1 + STEPS + 288));
        StringWriter err = new StringWriter();

        List<PolicyResult> both = BacktestMain.execute(options(pair, "out"), new PrintWriter(err));
        Path alone = trace("alone.csv", values, List.of(Duration.ZERO));
        List<PolicyResult> one = BacktestMain.execute(options(alone, "out-alone"), quiet());

        assertThat(err.toString())
                .contains(
                        "note: 1 of 2 entities spans no more than the warm-up of --warmup-days 1.0"
                                + " and is not scored");
        assertThat(both.get(0).score().pooledViolation())
                .isEqualTo(one.get(0).score().pooledViolation());
        assertThat(Files.readString(dir.resolve("out").resolve("summary.json")))
                .contains("\"entities\": 2,")
                .contains("\"entitiesScored\": 1,");
    }

    /** A gap within an entity's rows is scored, its value repeated, and said with its size. */
    @Test
    void stepsRepeatedOverAGapAreCountedAndSaid() throws IOException {
        Path gappy = trace("gappy.csv", dailyCycle(), List.of(Duration.ZERO));
        List<String> lines = Files.readAllLines(gappy);
        // the third day's first 100 steps missing
        Files.write(
                gappy,
                java.util.stream.Stream.concat(
                                lines.subList(0, 1 + 2 * 288).stream(),
                                lines.subList(1 + 2 * 288 + 100, lines.size()).stream())
                        .toList());
        StringWriter err = new StringWriter();

        BacktestMain.execute(options(gappy, "out"), new PrintWriter(err));

        assertThat(err.toString())
                .contains(
                        "note: 100 of 576 scored entity-steps (17.4 %) have no sample and repeat"
                                + " the value before them (gaps in the trace, scored as the"
                                + " scoring rules say); the most, 100, in entity 'e-0'");
    }

    @Test
    void aWarmUpNoEntityOutlivesIsRefusedNamingTheLongestSpan() throws IOException {
        double[] day = java.util.Arrays.copyOf(dailyCycle(), 200);
        Path apart = trace("apart.csv", day, List.of(Duration.ZERO, Duration.ofDays(30)));

        assertThatThrownBy(() -> BacktestMain.execute(options(apart, "out"), quiet()))
                .isInstanceOf(UnsatisfiableOptionException.class)
                .hasMessage(
                        "--warmup-days 1.0 (288 steps) leaves no step to score: the longest"
                                + " entity spans 200 steps");
    }

    /** Three days of a daily cycle with noise at 5-minute steps. */
    private static double[] dailyCycle() {
        Random r = new Random(11);
        double[] v = new double[STEPS];
        for (int t = 0; t < STEPS; t++) {
            v[t] = 50 + 30 * Math.sin(2 * Math.PI * t / 288) + 5 * r.nextGaussian();
        }
        return v;
    }

    /** {@code values} as entity e-i, shifted by {@code shifts[i]}, for every shift. */
    private Path trace(String name, double[] values, List<Duration> shifts) throws IOException {
        StringBuilder b = new StringBuilder("timestamp,entity,metric,value\n");
        for (int i = 0; i < shifts.size(); i++) {
            for (int t = 0; t < values.length; t++) {
                Instant at = START.plus(shifts.get(i)).plusSeconds(300L * t);
                b.append(at).append(",e-").append(i).append(",cpu,").append(values[t]).append('\n');
            }
        }
        return Files.writeString(dir.resolve(name), b);
    }

    private BacktestOptions options(Path trace, String out) {
        return new BacktestOptions(
                trace,
                "cpu",
                Duration.ofMinutes(5),
                2,
                1,
                BacktestOptions.ALL,
                0.05,
                true,
                dir.resolve(out));
    }

    private static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }
}
