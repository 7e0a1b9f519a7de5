package io.prescale.connectors.influx;

import io.prescale.connectors.Urls;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;

/**
 * Writes through the InfluxDB v1 HTTP API (served by 1.x, and by 2.x/3.x compatibility). Connect,
 * read and write timeouts are bounded so that an unreachable or hung server costs a checkpoint at
 * most a few seconds per attempt.
 */
public final class HttpInfluxWriteTarget implements InfluxWriteTarget {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration IO_TIMEOUT = Duration.ofSeconds(10);

    /** What InfluxDB 1.x says of a user without the right to a statement or a database. */
    private static final String NOT_AUTHORIZED = "not authorized";

    private final String url;
    private final boolean credentials;
    private final Supplier<InfluxDB> connect;

    /** Made at the first call: the client resolves the host as it is made ({@link #client}). */
    private InfluxDB client;

    /** Whether the server refused this user's {@code CREATE DATABASE} (not an admin). */
    private boolean mayNotCreate;

    /**
     * A user and password in the URL ({@code http://user:password@host:8086}) are sent as the
     * server's credentials (the HTTP client sent none of them, so an InfluxDB with authentication
     * refused every write); messages name the URL without them.
     */
    public HttpInfluxWriteTarget(InfluxSinkConfig config) {
        this.url = Urls.shown(config.url());
        OkHttpClient.Builder http =
                new OkHttpClient.Builder()
                        .connectTimeout(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout(IO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .writeTimeout(IO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        String user = URI.create(config.url()).getUserInfo();
        this.credentials = user != null;
        if (user == null) {
            this.connect = () -> InfluxDBFactory.connect(url, http);
        } else {
            int colon = user.indexOf(':');
            this.connect =
                    () ->
                            InfluxDBFactory.connect(
                                    url,
                                    colon < 0 ? user : user.substring(0, colon),
                                    colon < 0 ? "" : user.substring(colon + 1),
                                    http);
        }
    }

    /**
     * The client, made at the first call. Making it resolves the server's host name: one that does
     * not resolve (yet: a DNS name of a server still starting) failed the sink's task, and the job
     * restarted without end; it is now an outage as a server that does not answer is, its points
     * kept and retried.
     */
    private InfluxDB client() throws IOException {
        if (client == null) {
            try {
                client = connect.get();
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new IOException(
                        "InfluxDB at "
                                + url
                                + " cannot be reached ("
                                + cause.getClass().getSimpleName()
                                + ": "
                                + cause.getMessage()
                                + ")");
            }
        }
        return client;
    }

    @Override
    public void open(String database) throws IOException {
        try {
            // POSTed: InfluxDB 1.x refuses (newer) or deprecates (1.6) schema changes over GET
            client().query(
                            new Query(
                                    "CREATE DATABASE \"" + database.replace("\"", "") + "\"",
                                    null,
                                    true));
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                // unreachable (the client's InfluxDBIOException), not a refusal of the database
                throw new IOException(
                        "InfluxDB at "
                                + url
                                + " does not answer ("
                                + io.getClass().getSimpleName()
                                + ": "
                                + io.getMessage()
                                + ")",
                        e);
            }
            if (message(e).contains(NOT_AUTHORIZED)) {
                // a user without admin rights (least privilege): the database must exist already,
                // and the writes say so when it does not (a tester's write-only user never wrote)
                mayNotCreate = true;
                return;
            }
            String refused = refused(database, e);
            throw new IOException(
                    refused != null
                            ? refused
                            : "cannot create InfluxDB database " + database + ": " + e,
                    e);
        }
    }

    private static String message(Exception e) {
        return String.valueOf(e.getMessage());
    }

    /**
     * What to fix when InfluxDB refused the credentials or the user's right to write, else null (an
     * authentication error read as the server unreachable told the user nothing).
     */
    private String refused(String database, Exception e) {
        String m = message(e).strip();
        if (m.contains("authentication credentials") || m.contains("authorization failed")) {
            return "InfluxDB at "
                    + url
                    + (credentials
                            ? " refused the credentials ("
                            : " requires credentials, and influx.url gives none (")
                    + m
                    + "): give a user allowed to write to "
                    + database
                    + " and its password in influx.url, http://user:password@host:port";
        }
        if (m.contains(NOT_AUTHORIZED)) {
            return "InfluxDB at "
                    + url
                    + " does not let the user of influx.url write to "
                    + database
                    + " ("
                    + m
                    + "): GRANT WRITE ON \""
                    + database
                    + "\" TO that user, or create the database with a user that may";
        }
        return null;
    }

    @Override
    public void write(String database, List<String> lines)
            throws IOException, PointsRejectedException {
        try {
            // retention policy null: the database's default
            client().write(
                            database,
                            null,
                            InfluxDB.ConsistencyLevel.ONE,
                            TimeUnit.NANOSECONDS,
                            lines);
        } catch (InfluxDBException.DatabaseNotFoundException e) {
            // dropped or lost (a server restarted without its data): the sink re-opens and retries
            throw new IOException(
                    "InfluxDB database "
                            + database
                            + " not found"
                            + (mayNotCreate
                                    ? " and the user of influx.url may not create it (not an"
                                            + " admin): CREATE DATABASE "
                                            + database
                                            + " as an admin and GRANT WRITE ON it to that user"
                                    : "")
                            + ": "
                            + e,
                    e);
        } catch (InfluxDBException e) {
            String refused = refused(database, e);
            if (refused != null) {
                // not the points' fault: kept and retried while the user fixes the credentials
                throw new IOException(refused, e);
            }
            if (!e.isRetryWorth()) {
                throw new PointsRejectedException(
                        "InfluxDB refused " + lines.size() + " points: " + e.getMessage(), e);
            }
            throw new IOException("InfluxDB write of " + lines.size() + " points failed: " + e, e);
        } catch (RuntimeException e) {
            throw new IOException("InfluxDB write of " + lines.size() + " points failed: " + e, e);
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
