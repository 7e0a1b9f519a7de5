package io.prescale.cli.demo;

import io.prescale.jobs.JobOptions;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The InfluxDB the demo's jobs write to: a server that answered ({@link InfluxProbe}) and the
 * database there ({@code --influx-db}, created by the jobs when missing).
 */
public record DemoInflux(String url, String database) {
    /** The jobs' own default ({@code influx.database}), as a constant for the option's default. */
    public static final String DEFAULT_DATABASE = "prescale";

    /**
     * Names that need no quoting in InfluxQL, and so read the same in the Grafana dashboards and
     * the {@code influx} shell: the sink creates the database quoted, dropping any double quote.
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    /**
     * @throws IllegalArgumentException naming {@code --influx-db} when it is not such a name
     */
    public static String requireDatabaseName(String database) {
        if (!NAME.matcher(database).matches()) {
            throw new IllegalArgumentException(
                    "--influx-db must be a letter or _ then up to 63 letters, digits or _"
                            + " (an InfluxQL name that needs no quotes), was '"
                            + database
                            + "'");
        }
        return database;
    }

    /** The jobs' options that send their points here. */
    List<String> jobArgs() {
        return List.of(
                "-D" + JobOptions.INFLUX_URL.key() + "=" + url,
                "-D" + JobOptions.INFLUX_DATABASE.key() + "=" + database);
    }

    @Override
    public String toString() {
        return url + " (database " + database + ")";
    }
}
