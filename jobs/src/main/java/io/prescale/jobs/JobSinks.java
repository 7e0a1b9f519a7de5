package io.prescale.jobs;

import io.prescale.connectors.influx.InfluxPointMapper;
import io.prescale.connectors.influx.InfluxSink;
import io.prescale.connectors.influx.InfluxSinkConfig;
import io.prescale.model.Alert;
import io.prescale.model.DeadLetter;
import io.prescale.model.Forecast;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
import io.prescale.operators.allocation.ProvisionedStep;
import io.prescale.operators.capacity.GrantRecord;
import io.prescale.operators.capacity.PoolUsage;
import io.prescale.operators.feedback.RatedForecast;
import io.prescale.operators.forecast.ForecastAccuracy;
import io.prescale.operators.ledger.LedgerEntry;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.function.SerializableFunction;

/** Where the scaling job's outputs go: Kafka topics and InfluxDB measurements. */
public record JobSinks(
        Sink<DeadLetter> deadLetters,
        Sink<WindowAggregate> windows,
        Sink<Forecast> forecasts,
        Sink<ScaleCommand> commands,
        Sink<Alert> alerts,
        Sink<WindowAggregate> influxWindows,
        Sink<Forecast> influxForecasts,
        Sink<ScaleCommand> influxCommands,
        Sink<GrantRecord> influxAllocations,
        Sink<PoolUsage> influxPools,
        Sink<LedgerEntry> influxLedger,
        Sink<RatedForecast> influxRatings,
        Sink<Alert> influxAlerts,
        Sink<ForecastAccuracy> influxAccuracy,
        Sink<ProvisionedStep> influxProvisioning) {

    public JobSinks {
        for (Object s :
                new Object[] {
                    deadLetters,
                    windows,
                    forecasts,
                    commands,
                    alerts,
                    influxWindows,
                    influxForecasts,
                    influxCommands,
                    influxAllocations,
                    influxPools,
                    influxLedger,
                    influxRatings,
                    influxAlerts,
                    influxAccuracy,
                    influxProvisioning
                }) {
            if (s == null) {
                throw new NullPointerException("every sink must be given (discard() for none)");
            }
        }
    }

    /** Every output discarded (benchmarks). */
    public static JobSinks discardAll() {
        return new JobSinks(
                KafkaWiring.discard(),
                KafkaWiring.discard(),
                KafkaWiring.discard(),
                KafkaWiring.discard(),
                KafkaWiring.discard(),
                KafkaWiring.discard(),
                KafkaWiring.discard(),
                KafkaWiring.discard(),
                KafkaWiring.discard(),
                KafkaWiring.discard(),
                KafkaWiring.discard(),
                KafkaWiring.discard(),
                KafkaWiring.discard(),
                KafkaWiring.discard(),
                KafkaWiring.discard());
    }

    /** The Kafka topics and the InfluxDB server named in {@code conf}. */
    public static JobSinks fromConfig(Configuration conf) {
        InfluxSinkConfig influx = InfluxWiring.config(conf).orElse(null);
        InfluxPoints points = PredictiveScalingJob.influxPoints(conf);
        OutputHorizons horizons =
                OutputHorizons.parse(
                        conf.get(JobOptions.FORECAST_OUTPUT_HORIZONS),
                        conf.get(JobOptions.FORECAST_HORIZONS));
        SerializableFunction<Forecast, Boolean> written = horizons == null ? f -> true : horizons;
        boolean sent = conf.get(JobOptions.ACTUATION_ENABLED);
        return new JobSinks(
                KafkaWiring.deadLetterSink(conf),
                KafkaWiring.jsonSink(
                        conf, conf.get(JobOptions.TOPIC_WINDOWS), WindowAggregate::entity),
                KafkaWiring.jsonSink(
                        conf, conf.get(JobOptions.TOPIC_FORECASTS), Forecast::entity, written),
                sent
                        ? KafkaWiring.exactlyOnceJsonSink(
                                conf, conf.get(JobOptions.TOPIC_COMMANDS), ScaleCommand::entity)
                        : KafkaWiring.discard(),
                KafkaWiring.jsonSink(conf, conf.get(JobOptions.TOPIC_ALERTS), Alert::entity),
                influx(influx, points::window, points),
                influx(influx, f -> written.apply(f) ? points.forecast(f) : null, points),
                influx(influx, c -> points.command(c, sent), points),
                influx(influx, points::allocation, points),
                influx(influx, points::pool, points),
                influx(influx, points::ledger, points),
                influx(influx, points::rating, points),
                influx(influx, points::alert, points),
                influx(influx, points::accuracy, points),
                influx(influx, points::provisioning, points));
    }

    private static <T> Sink<T> influx(
            InfluxSinkConfig config, InfluxPointMapper<T> map, InfluxPoints points) {
        return config == null
                ? KafkaWiring.discard()
                : new InfluxSink<>(config, map, points.entityTags());
    }
}
