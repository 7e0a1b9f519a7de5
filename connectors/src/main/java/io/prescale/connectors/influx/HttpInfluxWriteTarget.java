package io.prescale.connectors.influx;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    private final InfluxDB client;
    private final String url;

    /**
     * A user and password in the URL ({@code http://user:password@host:8086}) are sent as the
     * server's credentials (the HTTP client sent none of them, so an InfluxDB with authentication
     * refused every write); messages name the URL without them.
     */
    public HttpInfluxWriteTarget(InfluxSinkConfig config) {
        this.url = InfluxSinkConfig.shown(config.url());
        OkHttpClient.Builder http =
                new OkHttpClient.Builder()
                        .connectTimeout(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout(IO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .writeTimeout(IO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        String user = URI.create(config.url()).getUserInfo();
        if (user == null) {
            this.client = InfluxDBFactory.connect(config.url(), http);
        } else {
            int colon = user.indexOf(':');
            this.client =
                    InfluxDBFactory.connect(
                            url,
                            colon < 0 ? user : user.substring(0, colon),
                            colon < 0 ? "" : user.substring(colon + 1),
                            http);
        }
    }

    @Override
    public void open(String database) throws IOException {
        try {
            // POSTed: InfluxDB 1.x refuses (newer) or deprecates (1.6) schema changes over GET
            client.query(
                    new Query(
                            "CREATE DATABASE \"" + database.replace("\"", "") + "\"", null, true));
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
            throw new IOException("cannot create InfluxDB database " + database + ": " + e, e);
        }
    }

    @Override
    public void write(String database, List<String> lines)
            throws IOException, PointsRejectedException {
        try {
            // retention policy null: the database's default
            client.write(
                    database, null, InfluxDB.ConsistencyLevel.ONE, TimeUnit.NANOSECONDS, lines);
        } catch (InfluxDBException.DatabaseNotFoundException e) {
            // dropped or lost (a server restarted without its data): the sink re-opens and retries
            throw new IOException("InfluxDB database " + database + " not found: " + e, e);
        } catch (InfluxDBException e) {
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
        client.close();
    }
}
