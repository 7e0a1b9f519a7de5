package io.prescale.jobs;

import io.prescale.connectors.influx.InfluxSinkConfig;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;

/** Reads the jobs' InfluxDB settings from the {@code influx.*} options. */
public final class InfluxWiring {
    private InfluxWiring() {}

    /**
     * The sink settings, or empty when {@code influx.url} is not set (nothing is written); the
     * {@code influx.*} options are checked whether or not it is ({@link OptionRanges}).
     */
    public static Optional<InfluxSinkConfig> config(Configuration conf) {
        return conf.getOptional(JobOptions.INFLUX_URL)
                .map(
                        url ->
                                // what else the sink checks is the URL and the database
                                JobConfig.named(
                                        JobOptions.INFLUX_URL.key()
                                                + "/"
                                                + JobOptions.INFLUX_DATABASE.key(),
                                        () ->
                                                new InfluxSinkConfig(
                                                        url,
                                                        conf.get(JobOptions.INFLUX_DATABASE),
                                                        conf.get(JobOptions.INFLUX_BATCH_SIZE),
                                                        conf.get(JobOptions.INFLUX_MAX_RETRIES),
                                                        conf.get(JobOptions.INFLUX_INITIAL_BACKOFF),
                                                        conf.get(
                                                                JobOptions
                                                                        .INFLUX_MAX_BUFFERED_POINTS))));
    }

    /** The point mappings with the configured bound on entity tags. */
    public static InfluxPoints points(Configuration conf) {
        return PredictiveScalingJob.influxPoints(conf);
    }
}
