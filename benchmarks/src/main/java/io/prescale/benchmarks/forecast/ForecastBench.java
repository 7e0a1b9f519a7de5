package io.prescale.benchmarks.forecast;

import io.prescale.ml.forecast.ForecastConfig;
import io.prescale.ml.forecast.ForecastStack;
import io.prescale.ml.forecast.ForecastState;
import io.prescale.ml.series.SeriesModel;
import io.prescale.ml.series.SeriesState;
import io.prescale.ml.series.SeriesStep;
import io.prescale.ml.trace.DemandGrid;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The forecasting benchmark of {@code BENCHMARKS.md}, in one run: JMH time per step of the full
 * per-series stack ({@link SeriesModelBenchmark}), of the forecast stack alone ({@link
 * ForecastStackBenchmark}) and of the AR(8)-refit peer ({@link ArRefitBenchmark}, both fits); the
 * same steps as thread CPU time in this JVM ({@link StepCpuTime}); the encoded state per series;
 * and the pinball loss two steps ahead of the full stack and the peers on the same entity-steps of
 * each trace ({@link PeerAccuracy}).
 *
 * <p>Usage: {@code ForecastBench [DATA_DIR [ACCURACY_ENTITIES]]} (default {@code ../shared/data}
 * and 20 entities per trace for the accuracy part; the peer refits at every step).
 */
public final class ForecastBench {
    /** Column order of the cost table. */
    private static final String[] COLUMNS = {
        "full stack (SeriesModel.update)",
        "forecast stack alone",
        "peer AR(8) Yule–Walker",
        "peer AR(8) OLS"
    };

    private static final String[][] TRACES = {
        {"azure-vm-2017.csv.gz", "cpu_max_pct"},
        {"google-2011-jobs.csv.gz", "cpu_pct"},
        {"nasa-http-1995.csv.gz", "requests_per_min"}
    };

    private ForecastBench() {}

    public static void main(String[] args) throws RunnerException {
        String dir = args.length > 0 ? args[0] : "../shared/data";
        int entities = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String trace = dir + "/" + TRACES[0][0];
        System.setProperty("bench.trace", trace);
        Result<?>[] jmh = new Result<?>[COLUMNS.length];
        double[][] iterations = new double[COLUMNS.length][];
        runJmh(trace, jmh, iterations);
        double[] cpu = cpuTime();
        StringBuilder t = new StringBuilder();
        t.append("| measure | ").append(String.join(" | ", COLUMNS)).append(" |\n");
        t.append("|---".repeat(COLUMNS.length + 1)).append("|\n");
        t.append("| JMH ns/op, mean ± error (99.9 %) |");
        for (Result<?> r : jmh) {
            t.append(String.format(Locale.ROOT, " %.0f ± %.0f |", r.getScore(), r.getScoreError()));
        }
        t.append("\n| JMH ns/op, median of the iterations (min–max) |");
        for (double[] v : iterations) {
            t.append(
                    String.format(
                            Locale.ROOT, " %.0f (%.0f–%.0f) |", median(v), v[0], v[v.length - 1]));
        }
        t.append(row("thread CPU ns/step, median of 5 rounds", cpu, "%.0f"));
        double[] byMedian = new double[COLUMNS.length];
        double[] byCpu = new double[COLUMNS.length];
        for (int i = 0; i < COLUMNS.length; i++) {
            byMedian[i] = median(iterations[i]) / median(iterations[0]);
            byCpu[i] = cpu[i] / cpu[0];
        }
        t.append(row("÷ full stack, JMH median", byMedian, "%.2f"));
        t.append(row("÷ full stack, thread CPU", byCpu, "%.2f"));
        t.append(stateSizes(trace));
        System.out.println(t);
        accuracy(dir, entities);
    }

    private static String row(String what, double[] v, String format) {
        StringBuilder b = new StringBuilder("\n| ").append(what).append(" |");
        for (double x : v) {
            b.append(' ').append(String.format(Locale.ROOT, format, x)).append(" |");
        }
        return b.toString();
    }

    /** The four benchmarks in one JMH run: each one's primary result and sorted iterations. */
    private static void runJmh(String trace, Result<?>[] results, double[][] iterations)
            throws RunnerException {
        Options options =
                new OptionsBuilder()
                        .include(SeriesModelBenchmark.class.getName())
                        .include(ForecastStackBenchmark.class.getName())
                        .include(ArRefitBenchmark.class.getName())
                        .forks(1)
                        .warmupIterations(3)
                        .warmupTime(TimeValue.seconds(2))
                        .measurementIterations(5)
                        .measurementTime(TimeValue.seconds(2))
                        .jvmArgs("-Xmx2g", "-Dbench.trace=" + trace)
                        .build();
        for (RunResult r : new Runner(options).run()) {
            String label = r.getParams().getBenchmark();
            int column =
                    label.contains("SeriesModel")
                            ? 0
                            : label.contains("ForecastStack")
                                    ? 1
                                    : "ols".equals(r.getParams().getParam("fit")) ? 3 : 2;
            results[column] = r.getPrimaryResult();
            Collection<IterationResult> it =
                    r.getBenchmarkResults().iterator().next().getIterationResults();
            iterations[column] =
                    it.stream()
                            .mapToDouble(i -> i.getPrimaryResult().getScore())
                            .sorted()
                            .toArray();
        }
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The same four steps as thread CPU time, in {@link #COLUMNS} order. */
    private static double[] cpuTime() {
        SeriesModelBenchmark series = new SeriesModelBenchmark();
        series.setUp();
        ForecastStackBenchmark stack = new ForecastStackBenchmark();
        stack.setUp();
        ArRefitBenchmark yw = new ArRefitBenchmark();
        yw.fit = "yule-walker";
        yw.setUp();
        ArRefitBenchmark ols = new ArRefitBenchmark();
        ols.fit = "ols";
        ols.setUp();
        DoubleSupplier[] steps = {
            series::updateForecast12QuantilesScore,
            stack::updateForecast12Quantile,
            yw::refitForecast12Quantile,
            ols::refitForecast12Quantile
        };
        return StepCpuTime.measure(steps, new int[] {200_000, 200_000, 20_000, 5_000});
    }

    /**
     * Encoded bytes per series after replaying every benchmarked entity in full (min and max over
     * the entities, when they differ): the full stack's and the forecast stack's alone.
     */
    private static String stateSizes(String trace) {
        DemandGrid g = BenchData.read(trace, BenchData.METRIC, Duration.ofMinutes(5), 100);
        SeriesModel model = SeriesModelBenchmark.jobModel(g.step());
        SeriesStep out = model.newStep();
        ForecastStack stack = new ForecastStack(ForecastConfig.defaults(g.step()));
        int[] series = {Integer.MAX_VALUE, 0};
        int[] forecast = {Integer.MAX_VALUE, 0};
        for (double[] y : g.values()) {
            SeriesState s = model.newState();
            ForecastState f = stack.newState();
            for (int t = 0; t < y.length; t++) {
                model.update(s, g.start().plus(g.step().multipliedBy(t)), y[t], out);
                stack.update(f, g.start().getEpochSecond() + t * g.step().toSeconds(), y[t]);
            }
            range(series, model.encode(s).length);
            range(forecast, stack.encode(f).length);
        }
        return String.format(
                Locale.ROOT,
                "%n| encoded state per series, bytes (%d entities) | %s | %s | %d values (window) |"
                        + " %d values (window) |",
                g.values().length,
                range(series),
                range(forecast),
                ArRefitPeer.WINDOW,
                ArRefitPeer.WINDOW);
    }

    private static void range(int[] minMax, int v) {
        minMax[0] = Math.min(minMax[0], v);
        minMax[1] = Math.max(minMax[1], v);
    }

    private static String range(int[] minMax) {
        return minMax[0] == minMax[1] ? "" + minMax[0] : minMax[0] + "–" + minMax[1];
    }

    private static void accuracy(String dir, int entities) {
        System.out.println(
                "| trace (first "
                        + entities
                        + " entities), h = "
                        + PeerAccuracy.H
                        + " | forecaster | pinball 0.5 | pinball 0.9 | pinball 0.99 |"
                        + " coverage 0.9 | coverage 0.99 |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String[] t : TRACES) {
            DemandGrid g = BenchData.read(dir + "/" + t[0], t[1], Duration.ofMinutes(5), entities);
            PeerAccuracy.Sums[] sums = PeerAccuracy.measure(g);
            String name = t[0].replace(".csv.gz", "") + " " + t[1];
            for (int i = 0; i < sums.length; i++) {
                System.out.println(
                        "| " + name + " | " + PeerAccuracy.FORECASTERS[i] + " |" + sums[i].cells());
            }
        }
    }
}
