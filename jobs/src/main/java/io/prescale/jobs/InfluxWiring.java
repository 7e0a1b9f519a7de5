package io.prescale.jobs;

import io.prescale.connectors.influx.InfluxSinkConfig;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;

/** Reads the jobs' InfluxDB settings from the {@code influx.*} options. */
public final class InfluxWiring {
    private InfluxWiring() {}

    /** The sink settings, or empty when {@code influx.url} is not set (nothing is written). */
    public static Optional<InfluxSinkConfig> config(Configuration conf) {
        return conf.getOptional(JobOptions.INFLUX_URL)
                .map(
                        url -> {
                            int batchSize =
                                    JobConfig.atLeast(conf, JobOptions.INFLUX_BATCH_SIZE, 1);
                            int maxRetries =
                                    JobConfig.atLeast(conf, JobOptions.INFLUX_MAX_RETRIES, 0);
                            Duration backoff = conf.get(JobOptions.INFLUX_INITIAL_BACKOFF);
                            int buffered = conf.get(JobOptions.INFLUX_MAX_BUFFERED_POINTS);
                            if (buffered < batchSize) {
                                throw new IllegalArgumentException(
                                        JobOptions.INFLUX_MAX_BUFFERED_POINTS.key()
                                                + " must be >= influx.batch-size ("
                                                + batchSize
                                                + "), was "
                                                + buffered);
                            }
                            // what else the sink checks is the URL and the database
                            return JobConfig.named(
                                    JobOptions.INFLUX_URL.key()
                                            + "/"
                                            + JobOptions.INFLUX_DATABASE.key(),
                                    () ->
                                            new InfluxSinkConfig(
                                                    url,
                                                    conf.get(JobOptions.INFLUX_DATABASE),
                                                    batchSize,
                                                    maxRetries,
                                                    backoff,
                                                    buffered));
                        });
    }

    /** The point mappings with the configured bound on entity tags. */
    public static InfluxPoints points(Configuration conf) {
        return PredictiveScalingJob.influxPoints(conf);
    }
}
