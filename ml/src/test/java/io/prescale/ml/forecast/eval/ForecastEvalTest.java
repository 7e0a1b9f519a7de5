package io.prescale.ml.forecast.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prescale.ml.forecast.ForecastStack;
import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.TraceReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastEvalTest {
    private static final double TOLERANCE = 1e-12;

    @TempDir Path dir;

    /**
     * Two steps worked out by hand; the second entity scores nothing and is left out of spreads.
     */
    @Test
    void metricsMatchHandComputedValues() {
        ScoreSums sums = new ScoreSums(2);
        // [point, q0.5, q0.9, q0.99, q0.95 bound, q0.99 bound]
        sums.add(0, 10, 7, new double[] {8, 9, 12, 15, 13, 15});
        sums.add(0, 20, 18, new double[] {22, 19, 21, 19.5, 19, 19.5});
        ModelScore s = sums.score("m");
        assertThat(s.mase()).isCloseTo((2 + 2) / (3.0 + 2), offset(TOLERANCE));
        assertThat(s.smape()).isCloseTo((200 * 2 / 18.0 + 200 * 2 / 42.0) / 2, offset(TOLERANCE));
        assertThat(s.pinball()[0]).isCloseTo((0.5 + 0.5) / 2, offset(TOLERANCE));
        assertThat(s.pinball()[1])
                .isCloseTo((0.1 * 2 + 0.9 * 1 * 0 + 0.1 * 1) / 2, offset(TOLERANCE));
        assertThat(s.pinball()[2]).isCloseTo((0.01 * 5 + 0.99 * 0.5) / 2, offset(TOLERANCE));
        assertThat(s.coverage()).containsExactly(0.5, 0.5);
        assertThat(s.coverageSpread()[0]).containsExactly(0.5, 0.5, 0.5);
        assertThat(sums.scored()).isEqualTo(2);
    }

    /** An entity that stops early is scored up to its last row, not over the grid's repeats. */
    @Test
    void anEntityIsScoredOnlyUpToItsLastRow() throws Exception {
        Path trace = twoEntities(700, 400);
        DemandGrid g = TraceReader.read(trace, "cpu", Duration.ofMinutes(5));
        assertThat(g.lastObservedStep()).containsExactly(699, 399);
        EvalReport r = ForecastEval.evaluate(g, 2, 1, e -> {});
        assertThat(r.scoredSteps()).isEqualTo((700 - 288) + (400 - 288));
        assertThat(r.entitiesScored()).isEqualTo(2);
    }

    /** An entity no longer than the warm-up is counted among the trace's, and said unscored. */
    @Test
    void anEntityNoLongerThanTheWarmUpIsSaidUnscored() throws Exception {
        Path trace = twoEntities(700, 200);
        EvalReport r =
                ForecastEval.evaluate(
                        TraceReader.read(trace, "cpu", Duration.ofMinutes(5)), 2, 1, e -> {});
        assertThat(r.entities()).isEqualTo(2);
        assertThat(r.entitiesScored()).isEqualTo(1);
        EvalOptions o = new EvalOptions(trace, "cpu", Duration.ofMinutes(5), 2, 1, null);
        assertThat(EvalTable.render(r, o))
                .contains(
                        "2 entities (1 scored; no step to score past the warm-up and the horizon: short)");
        assertThat(EvalJson.render(r, o))
                .contains("\"entitiesScored\": 1,")
                .containsOnlyOnce("\"entitiesNotScored\": [\"short\"],");
    }

    /**
     * The twenty-sixth tester's finding: the NASA trace's four-day hole, its value repeated, was
     * scored as demand (5.6 % of its scored steps). Steps with no row within an entity's span are
     * learnt as the grid has them, not scored, and counted.
     */
    @Test
    void stepsOfAGapInTheTraceAreNotScoredButCounted() throws Exception {
        Path trace = twoEntities(700, 400);
        List<String> rows = new ArrayList<>(Files.readAllLines(trace));
        // the long entity's rows 500..549 (steps), one line each after the short one's end
        rows.removeIf(l -> l.contains(",long,") && step(l) >= 500 && step(l) < 550);
        Files.write(trace, rows);
        DemandGrid g = TraceReader.read(trace, "cpu", Duration.ofMinutes(5));
        assertThat(g.filled(0, 499)).isFalse();
        assertThat(g.filled(0, 500)).isTrue();
        assertThat(g.filled(0, 549)).isTrue();
        assertThat(g.filled(0, 550)).isFalse();

        EvalReport r = ForecastEval.evaluate(g, 2, 1, e -> {});

        assertThat(r.gapSteps()).isEqualTo(50);
        assertThat(r.scoredSteps()).isEqualTo((700 - 288 - 50) + (400 - 288));
        EvalOptions o = new EvalOptions(trace, "cpu", Duration.ofMinutes(5), 2, 1, null);
        assertThat(EvalTable.render(r, o))
                .contains(
                        "50 entity-steps without a sample (gaps in the trace, the value before"
                                + " repeated) not scored");
    }

    /**
     * MASE of a series that never changes is 0/0: NaN, read as n/a in the table and null in the
     * JSON. Its bounds sit within 10⁻⁶ of the constant, the 0.95 bound's coverage held near the
     * level by its calibrator as on any series (two testers read 0.93 as a fault: the calibrated
     * offsets are of the size of the series' spread, 0 here, and a bound a hair below the constant
     * misses it), so every pinball loss is below 10⁻⁵ (of a series at 50).
     */
    @Test
    void aConstantSeriesHasNoMaseAndAlmostNoLoss() throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,entity,metric,value\n");
        java.time.Instant t0 = java.time.Instant.parse("2017-01-01T00:00:00Z");
        for (int i = 0; i < 4 * 288; i++) {
            csv.append(t0.plusSeconds(300L * i)).append(",flat,cpu,50\n");
        }
        Path trace = Files.writeString(dir.resolve("flat.csv"), csv);
        EvalReport r =
                ForecastEval.evaluate(
                        TraceReader.read(trace, "cpu", Duration.ofMinutes(5)), 2, 1, e -> {});
        for (ModelScore m : r.models()) {
            assertThat(m.mase()).as(m.name()).isNaN();
            assertThat(java.util.Arrays.stream(m.pinball()).max().orElseThrow())
                    .as(m.name())
                    .isLessThan(1e-5);
            assertThat(m.coverage()[0]).as(m.name()).isGreaterThan(0.9);
        }
        EvalOptions o = new EvalOptions(trace, "cpu", Duration.ofMinutes(5), 2, 1, null);
        assertThat(EvalTable.render(r, o)).contains("ensemble            n/a");
        assertThat(EvalJson.render(r, o)).contains("\"ensemble\": {\"mase\": null");
    }

    private static long step(String csvLine) {
        java.time.Instant t0 = java.time.Instant.parse("2017-01-01T00:00:00Z");
        return (java.time.Instant.parse(csvLine.split(",")[0]).getEpochSecond()
                        - t0.getEpochSecond())
                / 300;
    }

    @Test
    void scoresEveryModelOnARealSliceAfterTheWarmUpDay() throws Exception {
        Path trace = resource("azure-cycles.csv.gz");
        DemandGrid g = TraceReader.read(trace, "cpu_avg_pct", Duration.ofMinutes(5));
        EvalReport r = ForecastEval.evaluate(g, 2, 1, e -> {});
        assertThat(r.warmupSteps()).isEqualTo(288);
        assertThat(r.scoredSteps()).isEqualTo(3L * (g.steps() - 288));
        assertThat(r.models())
                .extracting(ModelScore::name)
                .containsAll(ForecastStack.MEMBER_NAMES)
                .endsWith(ForecastStack.ENSEMBLE);
        for (ModelScore m : r.models()) {
            assertThat(m.mase()).isPositive();
            assertThat(m.pinball()[2]).isLessThan(m.pinball()[0]);
            assertThat(m.coverage()[1]).isBetween(0.9, 1.0);
        }

        EvalOptions o =
                new EvalOptions(
                        trace,
                        "cpu_avg_pct",
                        Duration.ofMinutes(5),
                        2,
                        1,
                        dir.resolve("out/eval.json"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ForecastEvalMain.execute(o, new PrintWriter(out), new PrintWriter(err));
        assertThat(out.toString()).contains("warm-up, not scored").contains("ensemble");
        // stderr is no terminal under the test runner: the last state as a plain line
        assertThat(err.toString()).doesNotContain("\r").endsWith("forecasting entity 3/3\n");
        JsonNode json = new ObjectMapper().readTree(Files.readString(o.json()));
        assertThat(json.get("horizon").asInt()).isEqualTo(2);
        JsonNode ensemble = json.get("models").get("ensemble");
        assertThat(ensemble.get("mase").isNumber()).isTrue();
        assertThat(ensemble.get("smape").isNumber()).isTrue();
        for (String q : new String[] {"0.5", "0.9", "0.99"}) {
            assertThat(ensemble.get("pinball").get(q).isNumber()).as("pinball %s", q).isTrue();
        }
        for (String q : new String[] {"0.95", "0.99"}) {
            assertThat(ensemble.get("coverage").get(q).asDouble()).isBetween(0.8, 1.0);
        }
        assertThat(
                        json.get("models")
                                .get("ar")
                                .get("coverageEntities")
                                .get("0.99")
                                .get("p50")
                                .isNumber())
                .isTrue();
    }

    /**
     * The points file holds what every printed figure is made of: MASE, sMAPE, pinball and
     * coverage, recomputed here from its rows by their textbook definitions, equal the report's for
     * every model (the reference included), and there is one row per scored step and model.
     */
    @Test
    void everyFigureIsRecomputedFromThePointsFile() throws Exception {
        Path trace = resource("azure-cycles.csv.gz");
        EvalOptions o =
                new EvalOptions(
                        trace,
                        "cpu_avg_pct",
                        Duration.ofMinutes(5),
                        2,
                        1,
                        null,
                        dir.resolve("points.csv.gz"));
        StringWriter out = new StringWriter();
        EvalReport r = ForecastEvalMain.execute(o, new PrintWriter(out), new PrintWriter(err()));
        List<String[]> rows = readGzipCsv(o.points());
        assertThat(rows.get(0)).containsExactly(EvalPoints.HEADER.split(","));
        assertThat(rows).hasSize(1 + (int) r.scoredSteps() * r.models().size());
        assertThat(out.toString()).contains(String.format("%,d rows", rows.size() - 1));
        for (ModelScore m : r.models()) {
            double abs = 0, naive = 0, smape = 0, n = 0;
            double[] pinball = new double[3];
            double[] covered = new double[2];
            for (String[] row : rows.subList(1, rows.size())) {
                if (!row[2].equals(m.name())) {
                    continue;
                }
                double y = Double.parseDouble(row[3]);
                double mean = Double.parseDouble(row[5]);
                double[] q = new double[4]; // 0.5, 0.9, 0.95, 0.99
                for (int i = 0; i < 4; i++) {
                    q[i] = Double.parseDouble(row[6 + i]);
                }
                abs += Math.abs(y - mean);
                naive += Math.abs(y - Double.parseDouble(row[4]));
                double sum = Math.abs(y) + Math.abs(mean);
                smape += sum > 0 ? 200 * Math.abs(y - mean) / sum : 0;
                pinball[0] += pinball(0.5, y, q[0]);
                pinball[1] += pinball(0.9, y, q[1]);
                pinball[2] += pinball(0.99, y, q[3]);
                covered[0] += y <= q[2] ? 1 : 0;
                covered[1] += y <= q[3] ? 1 : 0;
                n++;
            }
            assertThat(n).as(m.name()).isEqualTo(r.scoredSteps());
            assertThat(m.mase()).as(m.name()).isCloseTo(abs / naive, offset(1e-9));
            assertThat(m.smape()).as(m.name()).isCloseTo(smape / n, offset(1e-9));
            for (int i = 0; i < 3; i++) {
                assertThat(m.pinball()[i]).as(m.name()).isCloseTo(pinball[i] / n, offset(1e-9));
            }
            assertThat(m.coverage()[0]).as(m.name()).isEqualTo(covered[0] / n);
            assertThat(m.coverage()[1]).as(m.name()).isEqualTo(covered[1] / n);
        }
    }

    /**
     * The reference {@code naive-1d} is the textbook seasonal naive, rebuilt here from the trace
     * alone: its forecast for t is y a day before t, and its q-quantile adds the nearest-rank
     * q-quantile of its errors at the steps it had seen when it issued (t − h and before); before
     * an entity's first day it forecasts the last value seen, y_(t−h).
     */
    @Test
    void theReferenceIsTheTextbookSeasonalNaive() throws Exception {
        Path trace = twoEntities(700, 400);
        EvalOptions o =
                new EvalOptions(
                        trace, "cpu", Duration.ofMinutes(5), 3, 0, null, dir.resolve("p.csv"));
        ForecastEvalMain.execute(o, new PrintWriter(new StringWriter()), new PrintWriter(err()));
        Map<String, double[]> y = new HashMap<>();
        y.put("long", new double[700]);
        y.put("short", new double[400]);
        for (int i = 0; i < 700; i++) {
            y.get("long")[i] = 40 + i % 7;
            if (i < 400) {
                y.get("short")[i] = 20 + i % 5;
            }
        }
        java.time.Instant t0 = java.time.Instant.parse("2017-01-01T00:00:00Z");
        Map<String, List<Double>> errors = new HashMap<>();
        int checked = 0;
        for (String[] row : readCsv(o.points())) {
            if (!row[2].equals(SeasonalNaiveReference.NAME)) {
                continue;
            }
            double[] v = y.get(row[0]);
            int t =
                    (int) (java.time.Instant.parse(row[1]).getEpochSecond() - t0.getEpochSecond())
                            / 300;
            double expected = t >= 288 ? v[t - 288] : v[t - 3];
            assertThat(Double.parseDouble(row[5])).as("mean at %s", t).isEqualTo(expected);
            List<Double> seen = errors.computeIfAbsent(row[0], k -> new ArrayList<>());
            // errors of the steps up to t − h: all but the last h - 1 recorded before this row
            List<Double> known = seen.subList(0, Math.max(0, seen.size() - 2));
            double q99 = Double.parseDouble(row[9]);
            if (known.isEmpty()) {
                assertThat(q99).isEqualTo(expected);
            } else {
                double[] sorted =
                        known.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                double e = sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
                assertThat(q99).as("q0.99 at %s", t).isEqualTo(expected + e);
                checked++;
            }
            seen.add(v[t] - expected);
        }
        assertThat(checked).isGreaterThan(1000);
    }

    /** A link to the trace is the trace (the eighteenth tester: a symbolic link overwrote it). */
    @Test
    void aLinkToTheTraceIsTheTrace() throws IOException {
        Path trace = Files.writeString(dir.resolve("t.csv"), "timestamp,entity,metric,value\n");
        Path symbolic = Files.createSymbolicLink(dir.resolve("s.csv"), trace);
        Path hard = Files.createLink(dir.resolve("h.csv"), trace);
        Duration five = Duration.ofMinutes(5);
        assertThatThrownBy(() -> new EvalOptions(trace, "m", five, 2, 1, null, symbolic))
                .hasMessageContaining("--points must not be the --trace file");
        assertThatThrownBy(() -> new EvalOptions(symbolic, "m", five, 2, 1, hard, null))
                .hasMessageContaining("--json must not be the --trace file");
        assertThat(new EvalOptions(trace, "m", five, 2, 1, dir.resolve("new.json"), null).json())
                .doesNotExist();
    }

    @Test
    void theOutputFilesMustNotBeTheTraceNorEachOther() {
        Path t = Path.of("x.csv");
        Duration five = Duration.ofMinutes(5);
        assertThatThrownBy(() -> new EvalOptions(t, "m", five, 2, 1, Path.of("./x.csv"), null))
                .hasMessageContaining("--json must not be the --trace file");
        assertThatThrownBy(() -> new EvalOptions(t, "m", five, 2, 1, null, t))
                .hasMessageContaining("--points must not be the --trace file");
        assertThatThrownBy(() -> new EvalOptions(t, "m", five, 2, 1, Path.of("o"), Path.of("o")))
                .hasMessageContaining("--points and --json must be different files");
    }

    private static double pinball(double q, double y, double issued) {
        return y >= issued ? q * (y - issued) : (1 - q) * (issued - y);
    }

    private static StringWriter err() {
        return new StringWriter();
    }

    private static List<String[]> readGzipCsv(Path file) throws IOException {
        try (var in =
                new BufferedReader(
                        new InputStreamReader(
                                new GZIPInputStream(Files.newInputStream(file)),
                                StandardCharsets.UTF_8))) {
            return in.lines().map(l -> l.split(",")).toList();
        }
    }

    private static List<String[]> readCsv(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(l -> l.split(",")).toList();
    }

    /**
     * A 5-minute trace of cpu for two entities from the same start: "long" for {@code longSteps}
     * steps, "short" for {@code shortSteps}.
     */
    private Path twoEntities(int longSteps, int shortSteps) throws IOException {
        StringBuilder csv = new StringBuilder("timestamp,entity,metric,value\n");
        java.time.Instant t0 = java.time.Instant.parse("2017-01-01T00:00:00Z");
        for (int i = 0; i < longSteps; i++) {
            String at = t0.plusSeconds(300L * i).toString();
            csv.append(at).append(",long,cpu,").append(40 + i % 7).append('\n');
            if (i < shortSteps) {
                csv.append(at).append(",short,cpu,").append(20 + i % 5).append('\n');
            }
        }
        return Files.writeString(dir.resolve(longSteps + "-" + shortSteps + ".csv"), csv);
    }

    /**
     * A warm-up or horizon that leaves no step to score is refused before anything is forecast,
     * with the figures that decide it; a horizon alone can leave none too. It used to forecast the
     * whole trace first.
     */
    @Test
    void noStepToScoreIsRefusedBeforeForecasting() throws Exception {
        Path trace = twoEntities(300, 100);
        Duration five = Duration.ofMinutes(5);
        StringWriter err = new StringWriter();
        PrintWriter out = new PrintWriter(new StringWriter());
        EvalOptions tooLong = new EvalOptions(trace, "cpu", five, 2, 300 / 288.0, null);
        assertThatThrownBy(() -> ForecastEvalMain.execute(tooLong, out, new PrintWriter(err)))
                .isInstanceOf(io.prescale.ml.trace.UnsatisfiableOptionException.class)
                .hasMessageContaining(
                        "--warmup-days " + 300 / 288.0 + " (300 steps of 300 s) leaves no step")
                .hasMessageContaining("at --horizon 2: the longest entity of " + trace)
                .hasMessageContaining(" spans 300 steps");
        assertThat(err.toString()).doesNotContain("forecasting");

        EvalOptions oneLess = new EvalOptions(trace, "cpu", five, 2, 299 / 288.0, null);
        assertThat(ForecastEvalMain.execute(oneLess, out, new PrintWriter(err)).scoredSteps())
                .isEqualTo(1);
        EvalOptions horizon = new EvalOptions(trace, "cpu", five, 64, 0, null);
        assertThat(ForecastEvalMain.execute(horizon, out, new PrintWriter(err)).scoredSteps())
                .isEqualTo((300 - 64) + (100 - 64));
        Path short64 = twoEntities(64, 64);
        EvalOptions noWarmup = new EvalOptions(short64, "cpu", five, 64, 0, null);
        assertThatThrownBy(() -> ForecastEvalMain.execute(noWarmup, out, new PrintWriter(err)))
                .hasMessageContaining("--warmup-days 0.0 (0 steps of 300 s) leaves no step")
                .hasMessageContaining("at --horizon 64")
                .hasMessageContaining(" spans 64 steps");
    }

    @Test
    void badOptionsNameTheOption() {
        Path t = Path.of("x.csv");
        Duration five = Duration.ofMinutes(5);
        assertThatThrownBy(() -> new EvalOptions(t, "m", five, 0, 1, null))
                .hasMessageContaining("--horizon");
        assertThatThrownBy(() -> new EvalOptions(t, " ", five, 2, 1, null))
                .hasMessageContaining("--metric");
        assertThatThrownBy(() -> new EvalOptions(t, "m", Duration.ZERO, 2, 1, null))
                .hasMessageContaining("--step");
        assertThatThrownBy(() -> new EvalOptions(t, "m", five, 2, -1, null))
                .hasMessageContaining("--warmup-days");
        assertThatThrownBy(() -> new EvalOptions(null, "m", five, 2, 1, null))
                .hasMessageContaining("--trace");
    }

    /**
     * The plain main (BENCHMARKS.md): a wrong argument is named with its value, exit code 2; a
     * malformed trace is named with its line, exit code 1.
     */
    @Test
    void thePlainMainNamesAWrongArgumentAndAMalformedTrace() throws Exception {
        String trace = resource("azure-cycles.csv.gz").toString();
        StringWriter err = new StringWriter();
        for (String horizon : new String[] {"0", "-2", "\u0663", "2.5", "99999999999"}) {
            String[] args = {trace, "cpu_avg_pct", "300", horizon};
            assertThat(ForecastEvalMain.run(args, new PrintWriter(new StringWriter()), pw(err)))
                    .as(horizon)
                    .isEqualTo(2);
            assertThat(err.toString()).contains("HORIZON must be a whole number >= 1");
            assertThat(err.toString()).contains(", was '" + horizon + "'");
        }
        String[] tooLong = {trace, "cpu_avg_pct", "300", "65"};
        assertThat(ForecastEvalMain.run(tooLong, pw(new StringWriter()), pw(err))).isEqualTo(2);
        assertThat(err.toString())
                .contains("--horizon must be in 1..64 steps, was 65")
                .contains("usage: ForecastEvalMain TRACE METRIC [STEP_SECONDS [HORIZON [JSON]]]")
                .doesNotContain("Exception");

        Path bad =
                Files.writeString(
                        dir.resolve("bad.csv"), "timestamp,entity,metric,value\nnow,a,cpu,1\n");
        String[] args = {bad.toString(), "cpu"};
        assertThat(ForecastEvalMain.run(args, pw(new StringWriter()), pw(err))).isEqualTo(1);
        assertThat(err.toString()).contains("ForecastEvalMain: " + bad + ":2: timestamp 'now'");
    }

    private static PrintWriter pw(StringWriter w) {
        return new PrintWriter(w, true);
    }

    private static Path resource(String name) throws Exception {
        return Path.of(ForecastEvalTest.class.getResource("/forecast/" + name).toURI());
    }
}
