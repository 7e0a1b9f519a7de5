package io.prescale.jobs;

import io.prescale.connectors.influx.InfluxPointMapper;
import io.prescale.connectors.influx.InfluxSink;
import io.prescale.connectors.influx.InfluxSinkConfig;
import java.util.Optional;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;

/** Builds the jobs' InfluxDB sinks from the {@code influx.*} options. */
public final class InfluxWiring {
    private InfluxWiring() {}

    /** The sink settings, or empty when {@code influx.url} is not set (nothing is written). */
    public static Optional<InfluxSinkConfig> config(Configuration conf) {
        return conf.getOptional(JobOptions.INFLUX_URL)
                .map(
                        url -> {
                            try {
                                return new InfluxSinkConfig(
                                        url,
                                        conf.get(JobOptions.INFLUX_DATABASE),
                                        conf.get(JobOptions.INFLUX_BATCH_SIZE),
                                        conf.get(JobOptions.INFLUX_MAX_RETRIES),
                                        conf.get(JobOptions.INFLUX_INITIAL_BACKOFF),
                                        conf.get(JobOptions.INFLUX_MAX_BUFFERED_POINTS));
                            } catch (IllegalArgumentException e) {
                                throw new IllegalArgumentException(
                                        "influx.*: " + e.getMessage(), e);
                            }
                        });
    }

    /** A sink of {@code mapper}'s points, or a discarding sink when InfluxDB is not configured. */
    public static <T> Sink<T> sink(Configuration conf, InfluxPointMapper<T> mapper) {
        return config(conf)
                .<Sink<T>>map(c -> new InfluxSink<>(c, mapper))
                .orElseGet(KafkaWiring::discard);
    }

    /** The point mappings with the configured bound on entity tags. */
    public static InfluxPoints points(Configuration conf) {
        return PredictiveScalingJob.influxPoints(conf);
    }
}
