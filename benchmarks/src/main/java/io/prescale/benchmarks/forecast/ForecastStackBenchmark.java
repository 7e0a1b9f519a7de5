package io.prescale.benchmarks.forecast;

import io.prescale.ml.forecast.ForecastConfig;
import io.prescale.ml.forecast.ForecastStack;
import io.prescale.ml.forecast.ForecastState;
import io.prescale.ml.trace.DemandGrid;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One step of the per-series forecasting stack as the streaming job and the backtest run it: {@code
 * update} with the next real value of the next entity (round robin over 100 entities, so states are
 * not all in L1), then the mean at each horizon 1..12 and the 0.99-quantile two steps ahead.
 * Entities start after one replayed day, so every learner is warm.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ForecastStackBenchmark {
    private static final int ENTITIES = 100;
    private static final int WARM_STEPS = 288;

    private ForecastStack stack;
    private ForecastState[] states;
    private double[][] values;
    private long start;
    private long step;
    private int entity;
    private int t;
    private long lap;

    @Setup
    public void setUp() {
        DemandGrid g =
                BenchData.read(BenchData.TRACE, BenchData.METRIC, Duration.ofMinutes(5), ENTITIES);
        stack = new ForecastStack(ForecastConfig.defaults(g.step()));
        values = g.values();
        start = g.start().getEpochSecond();
        step = g.step().toSeconds();
        states = new ForecastState[values.length];
        for (int e = 0; e < values.length; e++) {
            states[e] = stack.newState();
            for (int i = 0; i < WARM_STEPS; i++) {
                stack.update(states[e], start + i * step, values[e][i]);
            }
        }
        t = WARM_STEPS;
    }

    @Benchmark
    public double updateForecast12Quantile() {
        if (++entity == states.length) {
            entity = 0;
            if (++t == values[0].length) {
                // Replay the trace again with time still moving forward (no reset, no re-read
                // inside a measured iteration).
                t = 0;
                lap++;
            }
        }
        ForecastState s = states[entity];
        stack.update(s, start + (lap * values[0].length + t) * step, values[entity][t]);
        double sum = 0;
        for (int h = 1; h <= 12; h++) {
            sum += stack.mean(s, h);
        }
        return sum + stack.quantile(s, 2, 0.99);
    }
}
