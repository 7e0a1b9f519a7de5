package io.prescale.benchmarks.forecast;

import io.prescale.ml.forecast.ForecastConfig;
import io.prescale.ml.forecast.ForecastStack;
import io.prescale.ml.forecast.ForecastState;
import io.prescale.ml.trace.DemandGrid;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The forecasting benchmark of {@code BENCHMARKS.md}, in one run: JMH time per step of the stack
 * ({@link ForecastStackBenchmark}) and of the AR(8)-refit peer ({@link ArRefitBenchmark}, both
 * fits), the same two measured as thread CPU time in this JVM (less exposed to a shared machine's
 * other load), the encoded state size, and both forecasters' pinball loss two steps ahead on the
 * same entity-steps of each trace.
 *
 * <p>Usage: {@code ForecastBench DATA_DIR [ACCURACY_ENTITIES]} (default 20 entities per trace for
 * the accuracy part; the peer refits at every step).
 */
public final class ForecastBench {
    private ForecastBench() {}

    public static void main(String[] args) throws RunnerException {
        String dir = args.length > 0 ? args[0] : "../shared/data";
        int entities = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String trace = dir + "/azure-vm-2017.csv.gz";
        System.setProperty("bench.trace", trace);
        List<String> lines = new ArrayList<>();
        lines.add("| measure | stack | peer AR(8) Yule–Walker | peer AR(8) OLS |");
        lines.add("|---|---|---|---|");
        double[] jmh = jmh(trace);
        lines.add(row("JMH ns/step, median of 5 iterations (wall)", jmh[0], jmh[1], jmh[2]));
        double[] cpu = cpuTime(trace);
        lines.add(row("thread CPU ns/step (same JVM)", cpu[0], cpu[1], cpu[2]));
        lines.add(
                String.format(
                        Locale.ROOT,
                        "| peer / stack, JMH | 1 | %.1f | %.1f |",
                        jmh[1] / jmh[0],
                        jmh[2] / jmh[0]));
        lines.add(
                String.format(
                        Locale.ROOT,
                        "| peer / stack, CPU | 1 | %.1f | %.1f |",
                        cpu[1] / cpu[0],
                        cpu[2] / cpu[0]));
        lines.add(stateSize(trace));
        lines.forEach(System.out::println);
        System.out.println();
        accuracy(dir, entities);
    }

    private static String row(String what, double a, double b, double c) {
        return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f |", what, a, b, c);
    }

    /** Medians over measurement iterations: stack, Yule–Walker peer, OLS peer. */
    private static double[] jmh(String trace) throws RunnerException {
        Options options =
                new OptionsBuilder()
                        .include(ForecastStackBenchmark.class.getName())
                        .include(ArRefitBenchmark.class.getName())
                        .forks(1)
                        .warmupIterations(3)
                        .warmupTime(TimeValue.seconds(2))
                        .measurementIterations(5)
                        .measurementTime(TimeValue.seconds(2))
                        .jvmArgs("-Xmx2g", "-Dbench.trace=" + trace)
                        .build();
        Collection<RunResult> results = new Runner(options).run();
        double[] out = new double[3];
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            double median = median(r.getBenchmarkResults().iterator().next().getIterationResults());
            if (label.contains("ForecastStack")) {
                out[0] = median;
            } else if ("ols".equals(r.getParams().getParam("fit"))) {
                out[2] = median;
            } else {
                out[1] = median;
            }
        }
        return out;
    }

    private static double median(Collection<IterationResult> iterations) {
        double[] v =
                iterations.stream().mapToDouble(i -> i.getPrimaryResult().getScore()).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Thread CPU ns per step over the same round robin, median of 5 rounds each. */
    private static double[] cpuTime(String trace) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        ForecastStackBenchmark stack = new ForecastStackBenchmark();
        stack.setUp();
        ArRefitBenchmark yw = new ArRefitBenchmark();
        yw.fit = "yule-walker";
        yw.setUp();
        ArRefitBenchmark ols = new ArRefitBenchmark();
        ols.fit = "ols";
        ols.setUp();
        double sink = 0;
        double[][] rounds = new double[3][5];
        for (int round = -2; round < 5; round++) {
            long c0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < 200_000; i++) {
                sink += stack.updateForecast12Quantile();
            }
            long c1 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < 20_000; i++) {
                sink += yw.refitForecast12Quantile();
            }
            long c2 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < 5_000; i++) {
                sink += ols.refitForecast12Quantile();
            }
            long c3 = mx.getCurrentThreadCpuTime();
            if (round >= 0) {
                rounds[0][round] = (c1 - c0) / 200_000.0;
                rounds[1][round] = (c2 - c1) / 20_000.0;
                rounds[2][round] = (c3 - c2) / 5_000.0;
            }
        }
        if (sink == 42) {
            System.out.println();
        }
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            Arrays.sort(rounds[i]);
            out[i] = rounds[i][2];
        }
        return out;
    }

    /** Encoded bytes of one series' state after replaying the whole first entity. */
    private static String stateSize(String trace) {
        DemandGrid g = BenchData.read(trace, BenchData.METRIC, Duration.ofMinutes(5), 1);
        ForecastStack stack = new ForecastStack(ForecastConfig.defaults(g.step()));
        ForecastState s = stack.newState();
        for (int t = 0; t < g.steps(); t++) {
            stack.update(
                    s, g.start().getEpochSecond() + t * g.step().toSeconds(), g.values()[0][t]);
        }
        int bytes = stack.encode(s).length;
        return String.format(
                Locale.ROOT,
                "| encoded state per series (bytes) | %d | %d values (window) | %d values (window) |",
                bytes,
                ArRefitPeer.WINDOW,
                ArRefitPeer.WINDOW);
    }

    private static void accuracy(String dir, int entities) {
        System.out.println(
                "| trace (first "
                        + entities
                        + " entities), h = 2 | forecaster | pinball 0.5 |"
                        + " pinball 0.99 | coverage 0.99 |");
        System.out.println("|---|---|---|---|---|");
        String[][] traces = {
            {"azure-vm-2017.csv.gz", "cpu_max_pct", "300"},
            {"google-2011-jobs.csv.gz", "cpu_pct", "300"},
            {"nasa-http-1995.csv.gz", "requests_per_min", "300"}
        };
        for (String[] t : traces) {
            DemandGrid g =
                    BenchData.read(
                            dir + "/" + t[0],
                            t[1],
                            Duration.ofSeconds(Long.parseLong(t[2])),
                            entities);
            PeerAccuracy.Sums[] yw = PeerAccuracy.measure(g, false);
            PeerAccuracy.Sums[] ols = PeerAccuracy.measure(g, true);
            String name = t[0].replace(".csv.gz", "") + " " + t[1];
            print(name, "stack ensemble", yw[0]);
            print(name, "AR(8) Yule–Walker, Gaussian", yw[1]);
            print(name, "AR(8) Yule–Walker, empirical", yw[2]);
            print(name, "AR(8) OLS, Gaussian", ols[1]);
            print(name, "AR(8) OLS, empirical", ols[2]);
        }
    }

    private static void print(String trace, String who, PeerAccuracy.Sums s) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %s | %.4f | %.4f | %.4f |%n",
                trace,
                who,
                s.pinball50(),
                s.pinball99(),
                s.coverage99());
    }
}
