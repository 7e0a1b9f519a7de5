package io.prescale.benchmarks.forecast;

import io.prescale.ml.series.SeriesModel;
import io.prescale.ml.series.SeriesState;
import io.prescale.ml.series.SeriesStep;
import io.prescale.ml.trace.DemandGrid;
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
 * the remembered forecasts of horizons 1 and 2. Same data, round robin over 100 entities and
 * warm-up (one replayed day) as {@link ForecastStackBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SeriesModelBenchmark {
    private static final int ENTITIES = 100;
    private static final int WARM_STEPS = 288;
    static final int LEAD = 2;

    private SeriesModel model;
    private SeriesState[] states;
    private SeriesStep out;
    private double[][] values;
    private long start;
    private long step;
    private int entity;
    private int t;
    private long lap;

    /** The job's series model for {@code step} and a lead of {@link #LEAD} steps. */
    static SeriesModel jobModel(Duration step) {
        return new SeriesModel(ForecastSettings.defaults(step, LEAD).series());
    }

    @Setup
    public void setUp() {
        DemandGrid g =
                BenchData.read(BenchData.TRACE, BenchData.METRIC, Duration.ofMinutes(5), ENTITIES);
        model = jobModel(g.step());
        out = model.newStep();
        values = g.values();
        start = g.start().getEpochSecond();
        step = g.step().toSeconds();
        states = new SeriesState[values.length];
        for (int e = 0; e < values.length; e++) {
            states[e] = model.newState();
            for (int i = 0; i < WARM_STEPS; i++) {
                model.update(states[e], Instant.ofEpochSecond(start + i * step), values[e][i], out);
            }
        }
        t = WARM_STEPS;
    }

    @Benchmark
    public double updateForecast12QuantilesScore() {
        if (++entity == states.length) {
            entity = 0;
            if (++t == values[0].length) {
                // As ForecastStackBenchmark: replay again with time still moving forward.
                t = 0;
                lap++;
            }
        }
        Instant time = Instant.ofEpochSecond(start + (lap * values[0].length + t) * step);
        model.update(states[entity], time, values[entity][t], out);
        return out.quantile(LEAD, 3) + out.anomalyScore();
    }
}
