package io.prescale.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.ml.trace.TraceFormatException;
import io.prescale.model.MetricSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceSamplesTest {
    private static final Instant T0 = Instant.parse("2017-01-01T00:00:00Z");
    private static final String HEADER = "timestamp,entity,metric,value";

    @TempDir Path dir;

    /** Rows of two entities with two metrics at {@code steps} 5-minute steps from T0. */
    private static List<String> rows(int steps) {
        List<String> rows = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            for (String e : new String[] {"a", "b"}) {
                rows.add(T0.plusSeconds(300L * t) + "," + e + ",cpu," + t);
                rows.add(T0.plusSeconds(300L * t) + "," + e + ",mem," + (t + 0.5));
            }
        }
        return rows;
    }

    private Path write(List<String> rows) throws IOException {
        List<String> lines = new ArrayList<>(List.of(HEADER));
        lines.addAll(rows);
        return Files.write(dir.resolve("t.csv"), lines);
    }

    /**
     * A metric given twice for one entity and timestamp sends the larger value, as the backtest's
     * grid takes it, and is counted (the sixty-fifth tester's 50 repeated rows sent the last value
     * without a word, and the job's windows held other maxima than the backtest's).
     */
    @Test
    void aRepeatedRowSendsTheLargerValueAndIsCounted() throws IOException {
        List<String> rows = rows(3);
        rows.add(T0 + ",a,cpu,9");
        rows.add(T0 + ",b,cpu,-1");
        List<Long> told = new ArrayList<>();

        List<MetricSample> samples = TraceSamples.read(write(rows), e -> true, Map.of(), told::add);

        assertThat(samples).hasSize(6);
        assertThat(samples.get(0).metrics()).isEqualTo(Map.of("cpu", 9.0, "mem", 0.5));
        assertThat(samples.get(1).metrics()).isEqualTo(Map.of("cpu", 0.0, "mem", 0.5));
        assertThat(told).containsExactly(2L);
    }

    /**
     * A shuffled trace gives the samples of the sorted one: one per entity and timestamp, all its
     * metrics, in time order. In file order the job took most of it as late.
     */
    @Test
    void aShuffledTraceGivesTheSamplesInTimeOrder() throws IOException {
        List<MetricSample> sorted = TraceSamples.read(write(rows(600)), e -> true);
        List<String> shuffled = rows(600);
        Collections.shuffle(shuffled, new Random(7));

        List<MetricSample> samples = TraceSamples.read(write(shuffled), e -> true);

        assertThat(samples).hasSize(2 * 600);
        assertThat(samples).extracting(MetricSample::ts).isSorted();
        assertThat(samples.get(0).ts()).isEqualTo(T0);
        assertThat(samples.get(samples.size() - 1).ts()).isEqualTo(T0.plusSeconds(300L * 599));
        assertThat(samples.get(0).metrics()).isEqualTo(Map.of("cpu", 0.0, "mem", 0.5));
        assertThat(samples)
                .extracting(s -> s.entity() + "@" + s.ts() + "=" + s.metrics())
                .containsExactlyInAnyOrderElementsOf(
                        sorted.stream()
                                .map(s -> s.entity() + "@" + s.ts() + "=" + s.metrics())
                                .toList());
    }

    /** One row of 1970 in a trace of 2017 would have been sent, its span reported backwards. */
    @Test
    void aRowFarFromItsEntitysOthersIsRefusedAsTheBacktestRefusesIt() throws IOException {
        List<String> rows = rows(600);
        rows.add("1970-01-01T00:00:00Z,a,cpu,1");
        Path trace = write(rows);

        assertThatThrownBy(() -> TraceSamples.read(trace, e -> true))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage(
                        trace
                                + ":2402: entity 'a': 1 timestamp (the first at"
                                + " 1970-01-01T00:00:00Z)"
                                + " lies 17167 days before its other 600; is a timestamp wrong?");
        assertThat(TraceSamples.read(trace, "b"::equals)).hasSize(600);
    }

    @Test
    void aValueTheJobWouldDeadLetterIsRefusedNamingItsLine() throws IOException {
        List<String> rows = rows(3);
        rows.set(4, T0 + ",a,cpu,1e308");
        Path trace = write(rows);

        assertThatThrownBy(() -> TraceSamples.read(trace, e -> true))
                .hasMessage(
                        trace
                                + ":6: value '1e308' is out of range [-1e18, 1e18] (the job"
                                + " dead-letters it)");
    }
}
