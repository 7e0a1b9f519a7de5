package io.prescale.benchmarks.forecast;

import io.prescale.ml.trace.DemandGrid;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The peer approach, one step: refit Smile's AR(8) on the last 256 values of the next entity
 * (Yule–Walker, Smile's {@code AR.fit}, or least squares, {@code AR.ols}), forecast 12 steps and
 * read the 0.99-quantile two steps ahead ({@link ArRefitPeer}). Same data and round robin as {@link
 * ForecastStackBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ArRefitBenchmark {
    private static final int ENTITIES = 100;

    @Param({"yule-walker", "ols"})
    public String fit;

    private ArRefitPeer peer;
    private double[][] values;
    private int entity;
    private int t;

    @Setup
    public void setUp() {
        DemandGrid g =
                BenchData.read(BenchData.TRACE, BenchData.METRIC, Duration.ofMinutes(5), ENTITIES);
        values = g.values();
        peer = new ArRefitPeer(fit.equals("ols"));
        t = ArRefitPeer.WINDOW;
    }

    @Benchmark
    public double refitForecast12Quantile() {
        if (++entity == values.length) {
            entity = 0;
            if (++t == values[0].length) {
                t = ArRefitPeer.WINDOW;
            }
        }
        return peer.step(values[entity], t).q99();
    }
}
