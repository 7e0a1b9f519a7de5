package io.prescale.jobs;

import io.prescale.connectors.influx.InfluxSinkConfig;
import java.util.Optional;
import java.util.regex.Pattern;
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

    /**
     * Names that need no quoting in InfluxQL, and so read the same in the Grafana dashboards and
     * the {@code influx} shell: the sink creates the database quoted, and InfluxDB dropped the
     * quotes of a tester's name with them, so that every write went to a database that did not
     * exist (907 points dropped, the run's exit 0).
     */
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    /**
     * @throws IllegalArgumentException naming {@code option} when {@code database} is not such a
     *     name
     */
    public static String requireDatabaseName(String option, String database) {
        if (!DATABASE.matcher(database).matches()) {
            throw new IllegalArgumentException(
                    option
                            + " must be a letter or _ then up to 63 letters, digits or _"
                            + " (an InfluxQL name that needs no quotes), was '"
                            + database
                            + "'");
        }
        return database;
    }

    /** The point mappings with the configured bound on entity tags. */
    public static InfluxPoints points(Configuration conf) {
        return PredictiveScalingJob.influxPoints(conf);
    }
}
