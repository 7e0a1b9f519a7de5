package io.prescale.benchmarks.anomaly;

import io.prescale.ml.anomaly.AnomalyConfig;
import io.prescale.ml.anomaly.CombinedDetector;
import io.prescale.ml.anomaly.CusumDetector;
import io.prescale.ml.anomaly.EwmaQuantileRange;
import io.prescale.ml.anomaly.ExpectedRange;
import io.prescale.ml.anomaly.ForecastRange;
import io.prescale.ml.anomaly.ForecastResidualDetector;
import io.prescale.ml.anomaly.LevelRarityDetector;
import io.prescale.ml.anomaly.MutableRange;
import io.prescale.ml.anomaly.RobustZScoreDetector;
import io.prescale.ml.anomaly.SeasonalEnvelope;
import io.prescale.ml.anomaly.UnivariateAnomalyStack;
import io.prescale.ml.forecast.ForecastConfig;
import io.prescale.ml.forecast.ForecastStack;
import io.prescale.ml.forecast.ForecastState;
import io.prescale.ml.nab.NabCsv;
import io.prescale.ml.nab.NabSeries;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds per point of the univariate anomaly detectors (issue 3): each member alone, the whole
 * per-series stack against the stand-in range ({@code fullStack}: range + residual + CUSUM + level
 * rarity + seasonal envelope + combiner), and the stack reading the calibrated forecaster's range
 * ({@code stackOnForecast}, detection only: the forecaster's own update is the forecasting
 * benchmark's), fed a real NAB series point by point (wrapping around at its end, the state
 * carrying on). Run with {@code -prof gc} to see the allocation per point.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class AnomalyDetectorBenchmark {
    @Param("../shared/data/nab-aws/data/ec2_cpu_utilization_825cc2.csv")
    public String series;

    private static final AnomalyConfig CONFIG = AnomalyConfig.defaults();

    private double[] values;
    private Instant[] times;
    private int i;

    private final UnivariateAnomalyStack stack = new UnivariateAnomalyStack(CONFIG);
    private UnivariateAnomalyStack.State stackState;
    private final ForecastStack forecasts =
            new ForecastStack(ForecastConfig.defaults(Duration.ofMinutes(5)).withAnchors(1));
    private final UnivariateAnomalyStack onForecast =
            new UnivariateAnomalyStack(CONFIG, ForecastRange.defaults(forecasts));
    private UnivariateAnomalyStack.State onForecastState;
    private ForecastState forecastState;
    private final CombinedDetector combined = CONFIG.combined();
    private CombinedDetector.State combinedState;
    private final ForecastResidualDetector residual = new ForecastResidualDetector(CONFIG.tail());
    private ForecastResidualDetector.State residualState;
    private final RobustZScoreDetector robust = CONFIG.robustZ();
    private RobustZScoreDetector.State robustState;
    private final CusumDetector cusum =
            new CusumDetector(CONFIG.cusumK(), CONFIG.cusumH(), CONFIG.memory(), CONFIG.tail());
    private CusumDetector.State cusumState;
    private final LevelRarityDetector level =
            new LevelRarityDetector(CONFIG.tail(), CONFIG.smoothingPoints());
    private LevelRarityDetector.State levelState;
    private final SeasonalEnvelope envelope =
            new SeasonalEnvelope(
                    CONFIG.envelopeDays(), CONFIG.envelopeTolerance(), CONFIG.memory());
    private SeasonalEnvelope.State envelopeState;
    private final EwmaQuantileRange range = CONFIG.standInRange();
    private EwmaQuantileRange.State rangeState;
    private final MutableRange expected = new MutableRange();

    @Setup
    public void setup() {
        NabSeries s = NabCsv.read(Path.of(series), "bench");
        values = s.values();
        times = new Instant[values.length];
        for (int k = 0; k < values.length; k++) {
            times[k] = s.timestamps()[k].toInstant(ZoneOffset.UTC);
        }
        stackState = stack.newState();
        combinedState = combined.newState();
        residualState = residual.newState();
        robustState = robust.newState();
        cusumState = cusum.newState();
        levelState = level.newState();
        envelopeState = envelope.newState();
        rangeState = range.newState();
        onForecastState = onForecast.newState();
        forecastState = forecasts.newState();
        // warm every state past its warm-up on the series itself
        for (int k = 0; k < values.length; k++) {
            next();
            stack.score(stackState, times[i], values[i]);
            range.expected(rangeState, expected);
            combined.score(combinedState, times[i], values[i], expected);
            residual.score(residualState, times[i], values[i], expected);
            robust.score(robustState, times[i], values[i], ExpectedRange.NONE);
            cusum.score(cusumState, times[i], values[i], ExpectedRange.NONE);
            level.score(levelState, times[i], values[i], ExpectedRange.NONE);
            envelope.contains(envelopeState, times[i], values[i]);
            envelope.learn(envelopeState, times[i], values[i]);
            range.update(rangeState, times[i], values[i]);
            onForecast.score(onForecastState, forecastState, times[i], values[i]);
            forecasts.update(forecastState, times[i].getEpochSecond(), values[i]);
        }
    }

    private int next() {
        i = i + 1 == values.length ? 0 : i + 1;
        return i;
    }

    /**
     * The whole stack reading a warmed-up forecast state (held still: its update is the forecasting
     * benchmark's).
     */
    @Benchmark
    public double stackOnForecast() {
        int k = next();
        return onForecast.score(onForecastState, forecastState, times[k], values[k]);
    }

    @Benchmark
    public boolean seasonalEnvelope() {
        int k = next();
        boolean in = envelope.contains(envelopeState, times[k], values[k]);
        envelope.learn(envelopeState, times[k], values[k]);
        return in;
    }

    /** The whole per-series stack: stand-in range, four detectors, combiner, range update. */
    @Benchmark
    public double fullStack() {
        int k = next();
        return stack.score(stackState, times[k], values[k]);
    }

    @Benchmark
    public double standInRange() {
        int k = next();
        range.update(rangeState, times[k], values[k]);
        return range.expected(rangeState, expected).median();
    }

    @Benchmark
    public double forecastResidual() {
        int k = next();
        return residual.score(
                residualState, times[k], values[k], expected.set(50, 40, 60, 0.01, 0.99));
    }

    @Benchmark
    public double robustZ() {
        int k = next();
        return robust.score(robustState, times[k], values[k], ExpectedRange.NONE);
    }

    @Benchmark
    public double cusum() {
        int k = next();
        return cusum.score(cusumState, times[k], values[k], ExpectedRange.NONE);
    }

    @Benchmark
    public double levelRarity() {
        int k = next();
        return level.score(levelState, times[k], values[k], ExpectedRange.NONE);
    }
}
