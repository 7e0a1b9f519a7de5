package io.prescale.benchmarks.forecast;

import io.prescale.ml.series.SeriesModel;
import io.prescale.ml.series.SeriesState;
import io.prescale.ml.series.SeriesStep;
import io.prescale.operators.forecast.ForecastSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One step of the full per-series stack as the streaming job runs it: {@link SeriesModel#update} in
 * the job's configuration ({@link ForecastSettings#series()} of the defaults: 5-minute step, H =
 * 12, lead 2, levels 0.5 / 0.9 / 0.95 / 0.99), i.e. the forecast stack's update, the mean and the
 * four quantiles for every horizon 1..12, the anomaly score against the stack's one-step range and
 * the remembered forecasts of horizons 1 and 2. Same replay as {@link ForecastStackBenchmark}
 * ({@link RoundRobin}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SeriesModelBenchmark {
    static final int LEAD = 2;

    private SeriesModel model;
    private SeriesState[] states;
    private SeriesStep out;
    private RoundRobin replay;

    /** The job's series model for {@code step} and a lead of {@link #LEAD} steps. */
    static SeriesModel jobModel(Duration step) {
        return new SeriesModel(ForecastSettings.defaults(step, LEAD).series());
    }

    @Setup
    public void setUp() {
        replay = new RoundRobin();
        model = jobModel(Duration.ofMinutes(5));
        out = model.newStep();
        states = new SeriesState[replay.entities()];
        for (int e = 0; e < states.length; e++) {
            states[e] = model.newState();
            for (int i = 0; i < RoundRobin.WARM_STEPS; i++) {
                Instant at = Instant.ofEpochSecond(replay.warmUpTime(i));
                model.update(states[e], at, replay.warmUpValue(e, i), out);
            }
        }
    }

    @Benchmark
    public double updateForecast12QuantilesScore() {
        SeriesState s = states[replay.next()];
        model.update(s, Instant.ofEpochSecond(replay.time()), replay.value(), out);
        return out.quantile(LEAD, 3) + out.anomalyScore();
    }
}
