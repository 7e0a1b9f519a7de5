package io.prescale.it.services;

import io.prescale.cli.infra.LocalInfluxd;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.InfluxDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * An InfluxDB 1.x server for one test class. In order of preference:
 *
 * <ol>
 *   <li>the server at {@value #URL_ENV}, when that variable is set (it must answer {@code /ping});
 *   <li>a Testcontainers {@code influxdb:1.8} server, when a Docker engine is reachable;
 *   <li>a {@link LocalInfluxd}: the {@code influxd} binary started on a free loopback port.
 * </ol>
 *
 * When none of them can be had the test class fails, with a message saying how to get one: it is
 * never skipped.
 *
 * <pre>{@code
 * @RegisterExtension static final InfluxService INFLUX = new InfluxService();
 *
 * @Test void writes() {
 *     String db = INFLUX.createDatabase("forecasts");
 *     try (InfluxDB influx = INFLUX.connect()) { ... }
 * }
 * }</pre>
 *
 * or {@code @ExtendWith(InfluxService.class)} and an {@link InfluxEndpoint} parameter.
 */
public final class InfluxService extends ClassScopedService<InfluxEndpoint> {

    /** Names an external server to use instead of starting one. */
    public static final String URL_ENV = "PRESCALE_INFLUX_URL";

    /** The last 1.x image, closest to the Debian package's 1.6. */
    public static final String IMAGE = "influxdb:1.8";

    private static final Logger LOG = LoggerFactory.getLogger(InfluxService.class);

    public InfluxService() {
        super(InfluxEndpoint.class);
    }

    /** The HTTP API, e.g. {@code http://127.0.0.1:34567}. */
    public String url() {
        return endpoint().url();
    }

    /** A new client; the caller closes it. */
    public InfluxDB connect() {
        return endpoint().connect();
    }

    /** Creates a fresh database {@code prefix_<random>} and returns its name. */
    public String createDatabase(String prefix) {
        return endpoint().createDatabase(prefix);
    }

    /** {@code count(field)} over the whole of {@code measurement}: 0 when it has no points. */
    public long count(String database, String measurement, String field) {
        try (InfluxDB influx = connect()) {
            QueryResult r =
                    influx.query(
                            new Query(
                                    "SELECT count(\"" + field + "\") FROM \"" + measurement + "\"",
                                    database));
            if (r.getError() != null || r.getResults().get(0).getError() != null) {
                throw new IllegalStateException(
                        "counting " + measurement + "." + field + ": " + r.getResults());
            }
            List<QueryResult.Series> series = r.getResults().get(0).getSeries();
            return series == null
                    ? 0
                    : ((Number) series.get(0).getValues().get(0).get(1)).longValue();
        }
    }

    /**
     * Waits until {@code count(field)} of {@code measurement} is at least {@code expected} (the
     * jobs' sinks write on checkpoints) and returns it.
     *
     * @throws AssertionError when it is not within {@code timeout}
     */
    public long awaitCount(
            String database, String measurement, String field, long expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long n;
        while ((n = count(database, measurement, field)) < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        measurement
                                + "."
                                + field
                                + " has "
                                + n
                                + " points after "
                                + timeout
                                + ", expected "
                                + expected);
            }
            Thread.sleep(250);
        }
        return n;
    }

    @Override
    protected Started<InfluxEndpoint> start(String testClass) {
        String external = System.getenv(URL_ENV);
        Started<InfluxEndpoint> started;
        if (external != null && !external.isBlank()) {
            requirePing(external);
            started = new Started<>(new InfluxEndpoint(external, ServiceSource.EXTERNAL), () -> {});
        } else if (DockerAvailability.isAvailable()) {
            started = startContainer();
        } else {
            started = startLocal();
        }
        LOG.info(
                "InfluxDB for {}: {} server at {}",
                testClass,
                started.endpoint().source(),
                started.endpoint().url());
        return started;
    }

    private static Started<InfluxEndpoint> startContainer() {
        InfluxDBContainer<?> container =
                new InfluxDBContainer<>(DockerImageName.parse(IMAGE)).withAuthEnabled(false);
        container.start();
        return new Started<>(
                new InfluxEndpoint(container.getUrl(), ServiceSource.CONTAINER), container::stop);
    }

    private static Started<InfluxEndpoint> startLocal() {
        LocalInfluxd server;
        try {
            server = LocalInfluxd.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "No InfluxDB server for the tests, and no Docker engine to run one in. Either"
                            + " install influxd ('sudo apt-get install influxdb'), or set "
                            + URL_ENV
                            + "=http://host:8086 to use a running InfluxDB 1.x. Cause: "
                            + e.getMessage(),
                    e);
        }
        return new Started<>(new InfluxEndpoint(server.url(), ServiceSource.LOCAL), server);
    }

    private static void requirePing(String url) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest ping =
                HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/ping"))
                        .timeout(Duration.ofSeconds(5))
                        .build();
        int status;
        try {
            status = client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(URL_ENV + "=" + url + " does not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while pinging " + url, e);
        }
        if (status != 204) {
            throw new IllegalStateException(
                    URL_ENV + "=" + url + " answered /ping with " + status + ", expected 204");
        }
    }
}
