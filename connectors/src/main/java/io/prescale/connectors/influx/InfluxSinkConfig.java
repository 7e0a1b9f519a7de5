package io.prescale.connectors.influx;

import io.prescale.connectors.Urls;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the InfluxDB sink.
 *
 * @param url the v1 HTTP API base, e.g. {@code http://127.0.0.1:8086}
 * @param database database to write to; created when missing
 * @param batchSize points buffered before a write (also written on every checkpoint)
 * @param maxRetries attempts after the first failed write of a batch
 * @param initialBackoff wait before the first retry; doubled on each further retry
 * @param maxBufferedPoints points kept while InfluxDB is unreachable; beyond it the oldest are
 *     dropped and counted
 */
public record InfluxSinkConfig(
        String url,
        String database,
        int batchSize,
        int maxRetries,
        Duration initialBackoff,
        int maxBufferedPoints)
        implements Serializable {

    public InfluxSinkConfig {
        Objects.requireNonNull(url, "influx url");
        Urls.requireBase("influx url", url, "http://127.0.0.1:8086");
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException("influx database must not be blank");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("influx batchSize must be >= 1, was " + batchSize);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("influx maxRetries must be >= 0, was " + maxRetries);
        }
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException(
                    "influx initialBackoff must not be negative, was " + initialBackoff);
        }
        if (maxBufferedPoints < batchSize) {
            throw new IllegalArgumentException(
                    "influx maxBufferedPoints ("
                            + maxBufferedPoints
                            + ") must be >= batchSize ("
                            + batchSize
                            + ")");
        }
    }

    /**
     * Defaults for {@code url} and {@code database}: 5,000-point batches (about 3× the throughput
     * of 1,000 on InfluxDB 1.6, which syncs its WAL per write; BENCHMARKS.md), 3 retries from 200
     * ms, 100,000 points buffered while the server is down.
     */
    public static InfluxSinkConfig of(String url, String database) {
        return new InfluxSinkConfig(url, database, 5000, 3, Duration.ofMillis(200), 100_000);
    }
}
