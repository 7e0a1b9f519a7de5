package io.prescale.it.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.infra.LocalInfluxd;
import io.prescale.connectors.influx.InfluxPointMapper;
import io.prescale.connectors.influx.InfluxSink;
import io.prescale.connectors.influx.InfluxSinkConfig;
import io.prescale.it.services.MiniClusters;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The InfluxDB sink against a real {@code influxd} that is stopped and restarted: while it is down
 * the writer keeps at most its bound, drops (and counts) the oldest points beyond it, and writes
 * the rest once the server is back; a job writing through the outage keeps running and loses
 * nothing when the buffer is large enough. Needs the {@code influxd} binary (this test controls the
 * server, so an external {@code PRESCALE_INFLUX_URL} cannot stand in).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class InfluxSinkOutageITCase {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration START = Duration.ofSeconds(60);

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(1);

    private static LocalInfluxd influxd;

    @BeforeAll
    static void startInfluxd() {
        influxd = LocalInfluxd.start(START);
    }

    /** A test that failed mid-outage must not leave the next one without a server. */
    @BeforeEach
    void serverIsUp() {
        if (!influxd.isRunning()) {
            influxd.restart(START);
        }
    }

    @AfterAll
    static void stopInfluxd() {
        if (influxd != null) {
            influxd.close();
        }
    }

    /** Point i at T0 + i seconds, field v = i, in measurement {@code m}. */
    private static final InfluxPointMapper<Long> POINT =
            i ->
                    org.influxdb.dto.Point.measurement("m")
                            .time(T0.plusSeconds(i).toEpochMilli(), TimeUnit.MILLISECONDS)
                            .addField("v", i)
                            .build();

    @Test
    void boundedBufferWhileDownOldestDroppedAndCountedTheRestWrittenAfterRestart()
            throws Exception {
        String db = "outage_" + UUID.randomUUID().toString().substring(0, 8);
        InfluxSinkConfig config =
                new InfluxSinkConfig(influxd.url(), db, 100, 1, Duration.ofMillis(50), 1_000);
        RecordingMetricGroup metrics = new RecordingMetricGroup();
        SinkWriter<Long> writer = new InfluxSink<>(config, POINT).createWriter(metrics);
        try {
            write(writer, 0, 500);
            writer.flush(false);
            assertThat(count(db, 0, 500)).isEqualTo(500);

            influxd.stop();
            write(writer, 500, 2_000); // 1,500 points against a bound of 1,000
            writer.flush(false); // a checkpoint during the outage: fails, keeps the buffer

            assertThat(metrics.count("influxPointsDropped")).isEqualTo(500);
            assertThat(metrics.count("influxWritesFailed")).isPositive();

            influxd.restart(START);
            writer.flush(false);
        } finally {
            writer.close();
        }
        assertThat(metrics.count("influxPointsWritten")).isEqualTo(1_500);
        assertThat(count(db, 0, 500)).as("written before the outage").isEqualTo(500);
        assertThat(count(db, 500, 1_000)).as("the oldest, dropped").isZero();
        assertThat(count(db, 1_000, 2_000)).as("kept and written after restart").isEqualTo(1_000);
    }

    @Test
    void aJobWritingThroughAnOutageKeepsRunningAndLosesNothingWithinTheBound() throws Exception {
        String db = "outage_job_" + UUID.randomUUID().toString().substring(0, 8);
        int n = 2_000;
        InfluxSinkConfig config =
                new InfluxSinkConfig(influxd.url(), db, 50, 1, Duration.ofMillis(50), 10_000);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        env.fromSequence(0, n - 1)
                .map(InfluxSinkOutageITCase::slowly)
                .sinkTo(new InfluxSink<>(config, POINT));

        CompletableFuture<Outage> outage = CompletableFuture.supplyAsync(() -> outageOnce(db));
        env.execute("influx-outage-itcase");
        Instant jobEnd = Instant.now();

        assertThat(outage.get(2, TimeUnit.MINUTES).restarted())
                .as("the server was back before the job ended, so the outage was mid-job")
                .isBefore(jobEnd);
        assertThat(count(db, 0, n)).isEqualTo(n);
    }

    /**
     * The ninth tester's finding: a job stopped while InfluxDB was down lost every point it had
     * buffered, unsaid. Stopped with a savepoint during the outage and resumed from it once the
     * server is back, the job writes every point: those buffered at the savepoint from its state,
     * the later ones again from the records it replays.
     */
    @Test
    void aJobStoppedDuringAnOutageWritesItsBufferedPointsOnceResumed(@TempDir Path savepoints)
            throws Exception {
        String db = "outage_resume_" + UUID.randomUUID().toString().substring(0, 8);
        int n = 2_000;
        InfluxSinkConfig config =
                new InfluxSinkConfig(influxd.url(), db, 50, 0, Duration.ofMillis(10), 10_000);
        influxd.stop();
        JobClient first = numbersToInflux(config, n, null).executeAsync("influx-outage-stopped");
        pause(3_000); // some 600 points into the stream
        String savepoint =
                first.stopWithSavepoint(
                                false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(2, TimeUnit.MINUTES);
        first.getJobExecutionResult().get(1, TimeUnit.MINUTES);
        influxd.restart(START);
        assertThat(count(db, 0, n)).as("nothing written while the server was down").isZero();

        numbersToInflux(config, n, savepoint).execute("influx-outage-resumed");

        assertThat(count(db, 0, n)).isEqualTo(n);
    }

    /** 0 … n − 1, slowly, to the sink; restored from {@code savepoint} unless null. */
    private static StreamExecutionEnvironment numbersToInflux(
            InfluxSinkConfig config, int n, String savepoint) {
        Configuration conf = new Configuration();
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.fromSequence(0, n - 1)
                .uid("numbers")
                .map(InfluxSinkOutageITCase::slowly)
                .uid("slowly")
                .sinkTo(new InfluxSink<>(config, POINT))
                .uid("influx");
        return env;
    }

    private static long slowly(long i) throws InterruptedException {
        Thread.sleep(5); // about 10 s for the whole stream: room for a 3 s outage inside it
        return i;
    }

    /** Waits for the first points, stops the server for 3 s, starts it again. */
    private static Outage outageOnce(String db) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (count(db, 0, Integer.MAX_VALUE) == 0 && System.nanoTime() < deadline) {
            pause(50);
        }
        Instant stopped = Instant.now();
        influxd.stop();
        pause(3_000);
        influxd.restart(START);
        return new Outage(stopped, Instant.now());
    }

    private record Outage(Instant stopped, Instant restarted) {}

    private static void write(SinkWriter<Long> writer, long from, long to) throws Exception {
        for (long i = from; i < to; i++) {
            writer.write(i, null);
        }
    }

    /** Points with T0 + from s ≤ time < T0 + to s; 0 when the database does not exist yet. */
    private static long count(String db, long fromSecond, long toSecond) {
        try (InfluxDB client = InfluxDBFactory.connect(influxd.url())) {
            QueryResult r =
                    client.query(
                            new Query(
                                    "SELECT count(\"v\") FROM \"m\" WHERE time >= '"
                                            + T0.plusSeconds(fromSecond)
                                            + "' AND time < '"
                                            + T0.plusSeconds(Math.min(toSecond, 1L << 31))
                                            + "'",
                                    db));
            QueryResult.Result result = r.getResults().get(0);
            if (r.getError() != null || result.getError() != null || result.getSeries() == null) {
                return 0;
            }
            List<Object> row = result.getSeries().get(0).getValues().get(0);
            return ((Number) row.get(1)).longValue();
        } catch (RuntimeException serverDown) {
            return 0;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
