package io.prescale.cli.demo;

import io.prescale.connectors.Urls;
import io.prescale.jobs.InfluxWiring;
import io.prescale.jobs.JobOptions;
import java.util.List;

/**
 * The InfluxDB the demo's jobs write to: a server that answered ({@link InfluxProbe}) and the
 * database there ({@code --influx-db}, created by the jobs when missing).
 */
public record DemoInflux(String url, String database) {
    /** The jobs' own default ({@code influx.database}), as a constant for the option's default. */
    public static final String DEFAULT_DATABASE = "prescale";

    /**
     * @throws IllegalArgumentException naming {@code --influx-db} when it is not a name the jobs
     *     take ({@link InfluxWiring#requireDatabaseName})
     */
    public static String requireDatabaseName(String database) {
        return InfluxWiring.requireDatabaseName("--influx-db", database);
    }

    /** The jobs' options that send their points here. */
    List<String> jobArgs() {
        return List.of(
                "-D" + JobOptions.INFLUX_URL.key() + "=" + url,
                "-D" + JobOptions.INFLUX_DATABASE.key() + "=" + database);
    }

    /** The URL without its user and password (printed, and in the report), and the database. */
    @Override
    public String toString() {
        return Urls.shown(url) + " (database " + database + ")";
    }
}
