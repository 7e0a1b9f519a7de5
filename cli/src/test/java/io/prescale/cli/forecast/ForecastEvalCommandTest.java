package io.prescale.cli.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.BrokenTraces;
import io.prescale.cli.CliRun;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastEvalCommandTest {
    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CliRun.run(out, err, args);
    }

    /** {@code prescale forecast-eval --trace TRACE --metric cpu --json JSON}. */
    private int evalWithJson(Path trace, String json) {
        return run("forecast-eval", "--trace", trace.toString(), "--metric", "cpu", "--json", json);
    }

    /** Two entities, three days of 5-minute steps with a daily cycle. */
    private Path trace() throws Exception {
        StringBuilder b = new StringBuilder("timestamp,entity,metric,value\n");
        Random random = new Random(5);
        Instant start = Instant.parse("2024-03-04T00:00:00Z");
        for (int t = 0; t < 3 * 288; t++) {
            for (String e : new String[] {"a", "b"}) {
                double v = 50 + 20 * Math.sin(2 * Math.PI * t / 288) + 3 * random.nextGaussian();
                b.append(start.plusSeconds(300L * t))
                        .append(',')
                        .append(e)
                        .append(",cpu,")
                        .append(v)
                        .append('\n');
            }
        }
        Path file = dir.resolve("trace.csv");
        Files.writeString(file, b);
        return file;
    }

    @Test
    void printsTheTableAndWritesJson() throws Exception {
        Path json = dir.resolve("eval.json");
        int code = evalWithJson(trace(), json.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("ensemble")
                .contains("warm-up, not scored")
                .contains("horizon 2 steps");
        String text = Files.readString(json);
        assertThat(text).contains("\"horizon\": 2").contains("\"ensemble\": {\"mase\": ");
    }

    /** {@code --points} writes a row per scored step and model; a directory is refused first. */
    @Test
    void writesEveryScoredStepWithPoints() throws Exception {
        Path trace = trace();
        Path points = dir.resolve("out/points.csv");
        String[] args = {"forecast-eval", "--trace", trace.toString(), "--metric", "cpu"};
        int code = run(concat(args, "--points", points.toString()));
        assertThat(code).as(err.toString()).isZero();
        List<String> rows = Files.readAllLines(points);
        assertThat(rows.get(0))
                .isEqualTo("entity,timestamp,model,actual,lagged,mean,q0.5,q0.9,q0.95,q0.99");
        // 2 entities × (3 days − the warm-up day) × 8 models (6 members, naive-1d, ensemble)
        assertThat(rows).hasSize(1 + 2 * 2 * 288 * 8);
        assertThat(out.toString())
                .contains("naive-1d")
                .contains("wrote " + points + ": 9,216 rows");

        assertThat(run(concat(args, "--points", dir.toString()))).isEqualTo(2);
        assertThat(err.toString()).contains("--points " + dir);
        assertThat(run(concat(args, "--points", trace.toString()))).isEqualTo(2);
        assertThat(err.toString()).contains("--points must not be the --trace file");
    }

    private static String[] concat(String[] args, String... more) {
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    /**
     * As root, /proc passes access(2)'s check of writability though no file can be created in it:
     * the JSON's file is created up front (and deleted again), so this fails before the work, with
     * exit code 2 (it failed after it, with 1).
     */
    @Test
    void aJsonFileThatCannotBeCreatedIsRefusedBeforeAnyWork() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc");
        int code = evalWithJson(trace(), "/proc/y.json");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--json /proc/y.json: ").doesNotContain("forecasting");
        assertThat(out.toString()).doesNotContain("ensemble");
    }

    @Test
    void aJsonFileIsNotLeftBehindByARunThatFails() throws Exception {
        Path json = dir.resolve("eval.json");
        Path bad = Files.writeString(dir.resolve("bad.csv"), "timestamp,entity,metric,value\nx\n");
        int code = evalWithJson(bad, json.toString());
        assertThat(code).isEqualTo(1);
        assertThat(json).doesNotExist();
    }

    @Test
    void badArgumentsNameTheProblem() throws Exception {
        assertThat(
                        run(
                                "forecast-eval",
                                "--trace",
                                trace().toString(),
                                "--metric",
                                "cpu",
                                "--horizon",
                                "0"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--horizon must be in 1..64");
        assertThat(
                        run(
                                "forecast-eval",
                                "--trace",
                                dir.resolve("missing.csv").toString(),
                                "--metric",
                                "cpu"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--trace ").contains("missing.csv: no such file");
        assertThat(run("forecast-eval", "--trace", trace().toString(), "--metric", "memory"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no rows for metric 'memory'");
    }

    /** A cut gzip trace and an empty one are said to be so, naming the last whole line read. */
    @Test
    void aTruncatedOrEmptyTraceIsSaidToBeSo() throws Exception {
        Path cut = BrokenTraces.truncatedGzip(trace());
        Path empty = BrokenTraces.empty(cut);
        assertThat(run("forecast-eval", "--trace", cut.toString(), "--metric", "cpu")).isOne();
        assertThat(run("forecast-eval", "--trace", empty.toString(), "--metric", "cpu")).isOne();
        assertThat(err.toString())
                .contains(cut + BrokenTraces.TRUNCATED)
                .contains(empty + BrokenTraces.EMPTY)
                .doesNotContain("header must be");
    }
}
