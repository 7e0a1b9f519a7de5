package io.prescale.benchmarks.forecast;

import io.prescale.ml.forecast.ForecastConfig;
import io.prescale.ml.forecast.ForecastStack;
import io.prescale.ml.forecast.ForecastState;
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
 * update} with the next real value of the next entity ({@link RoundRobin}: 100 entities, every
 * learner warm after one replayed day), then the mean at each horizon 1..12 and the 0.99-quantile
 * two steps ahead.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ForecastStackBenchmark {
    private ForecastStack stack;
    private ForecastState[] states;
    private RoundRobin replay;

    @Setup
    public void setUp() {
        replay = new RoundRobin();
        stack = new ForecastStack(ForecastConfig.defaults(Duration.ofMinutes(5)));
        states = new ForecastState[replay.entities()];
        for (int e = 0; e < states.length; e++) {
            states[e] = stack.newState();
            for (int i = 0; i < RoundRobin.WARM_STEPS; i++) {
                stack.update(states[e], replay.warmUpTime(i), replay.warmUpValue(e, i));
            }
        }
    }

    @Benchmark
    public double updateForecast12Quantile() {
        ForecastState s = states[replay.next()];
        stack.update(s, replay.time(), replay.value());
        double sum = 0;
        for (int h = 1; h <= 12; h++) {
            sum += stack.mean(s, h);
        }
        return sum + stack.quantile(s, 2, 0.99);
    }
}
