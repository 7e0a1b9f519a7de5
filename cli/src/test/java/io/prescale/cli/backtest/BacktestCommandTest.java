package io.prescale.cli.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.BrokenTraces;
import io.prescale.cli.CliRun;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prescale backtest} on small traces written by the test: what it prints and writes. */
class BacktestCommandTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final int STEPS_PER_DAY = 288;

    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CliRun.run(out, err, args);
    }

    /** {@code prescale backtest --trace TRACE --metric cpu --out OUT MORE...}. */
    private int backtest(Path trace, Path out, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "backtest",
                                "--trace",
                                trace.toString(),
                                "--metric",
                                "cpu",
                                "--out",
                                out.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    /** Two days of 5-minute steps of one entity, its demand {@code 10 + t % 7} times scale. */
    private Path trace(String entity, double scale) throws IOException {
        StringBuilder b = new StringBuilder("timestamp,entity,metric,value\n");
        for (int t = 0; t < 2 * STEPS_PER_DAY; t++) {
            b.append(T0.plusSeconds(300L * t))
                    .append(',')
                    .append(entity)
                    .append(",cpu,")
                    .append(scale * (10 + t % 7))
                    .append('\n');
        }
        Path f = dir.resolve("trace.csv");
        Files.writeString(f, b);
        return f;
    }

    @Test
    void anAllZeroDemandPrintsTheCostAsUndefined() throws IOException {
        Path trace = trace("idle", 0);

        int code = backtest(trace, dir.resolve("out"), "--policy", "prescale,reactive");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("cost undefined (no demand in the scored steps)")
                .doesNotContain("NaN", "Infinity");
    }

    /**
     * The CLI prints BacktestMain's lines: each run for what it is, knobs named, then the paths.
     */
    @Test
    void printsEachRunForWhatItIsWithItsKnobNamed() throws IOException {
        Path out = dir.resolve("out");

        int code =
                backtest(
                        trace("vm", 1), out, "--policy", "prescale,reactive", "--cost-ratio", "19");

        assertThat(code).as(err.toString()).isZero();
        assertThat(this.out.toString())
                .contains("prescale runs online at target p 0.05, nothing tuned for this run")
                .contains("\nprescale  p 0.05 ")
                .containsPattern("\\nreactive  1/u \\d")
                .contains("Cost at equal violation: run with --sweep")
                .endsWith(
                        "wrote "
                                + out.resolve("summary.json")
                                + " and "
                                + out.resolve("report.html")
                                + "\n");
    }

    @Test
    void anOutThatIsAFileIsRefusedBeforeReadingTheTrace() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");

        int code = backtest(dir.resolve("missing.csv"), file);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("--out " + file + ": is a file, not a directory")
                .doesNotContain("missing.csv");
    }

    /**
     * /proc passes access(2)'s check of writability for root, though nothing can be created in it:
     * refused up front too (it failed after the work, as root).
     */
    @Test
    void anOutWhereNothingCanBeCreatedIsRefusedBeforeReadingTheTrace() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc");

        int code = backtest(trace("vm", 1), Path.of("/proc"));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("--out /proc: is not writable")
                .doesNotContain("% prescale");
    }

    @Test
    void aFailedRunLeavesNoOutDirectoryItMade() throws IOException {
        Path trace =
                Files.writeString(dir.resolve("bad.csv"), "timestamp,entity,metric,value\nx\n");

        assertThat(backtest(trace, dir.resolve("new-out"))).isEqualTo(1);

        assertThat(dir.resolve("new-out")).doesNotExist();
        // nor the directories made above it, nor for a trace that is not there (new6/a/b stayed)
        assertThat(backtest(trace, dir.resolve("new6/a/b"))).isEqualTo(1);
        assertThat(backtest(dir.resolve("missing.csv"), dir.resolve("new7/a"))).isEqualTo(2);
        assertThat(dir.resolve("new6")).doesNotExist();
        assertThat(dir.resolve("new7")).doesNotExist();
    }

    /** As in forecast-eval: exit code 2, the message naming --warmup-days. */
    @Test
    void aWarmupThatLeavesNoStepToScoreIsBadUsage() throws IOException {
        Path trace = trace("vm", 1);

        int code = backtest(trace, dir.resolve("out"), "--warmup-days", "2");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "--warmup-days 2.0 (576 steps) leaves no step to score: the longest"
                                + " entity spans 576 steps");
        int forecastEval =
                run(
                        "forecast-eval",
                        "--trace",
                        trace.toString(),
                        "--metric",
                        "cpu",
                        "--warmup-days",
                        "2");
        assertThat(forecastEval).isEqualTo(code);
    }

    /** A cut gzip trace and an empty one are said to be so, naming the last whole line read. */
    @Test
    void aTruncatedOrEmptyTraceIsSaidToBeSo() throws IOException {
        Path cut = BrokenTraces.truncatedGzip(trace("a", 1));
        Path empty = BrokenTraces.empty(cut);
        assertThat(backtest(cut, dir.resolve("o1"))).isOne();
        assertThat(backtest(empty, dir.resolve("o2"))).isOne();
        assertThat(err.toString())
                .contains(cut + BrokenTraces.TRUNCATED)
                .contains(empty + BrokenTraces.EMPTY)
                .doesNotContain("header must be");
    }
}
