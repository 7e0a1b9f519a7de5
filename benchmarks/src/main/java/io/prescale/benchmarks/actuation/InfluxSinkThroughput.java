package io.prescale.benchmarks.actuation;

import io.prescale.cli.infra.LocalCluster;
import io.prescale.cli.infra.LocalInfluxd;
import io.prescale.connectors.influx.EntityTags;
import io.prescale.connectors.influx.InfluxSink;
import io.prescale.connectors.influx.InfluxSinkConfig;
import io.prescale.jobs.InfluxPoints;
import io.prescale.model.WindowAggregate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * Points per second written by the InfluxDB sink to a real {@code influxd} (Debian package, started
 * on a loopback port with its data in a temporary directory): a bounded MiniCluster job whose
 * in-memory source makes N {@code metric} points (window aggregates of E entities, the job's own
 * mapping), against the same job with a discarding sink, alternately in one run; after each
 * InfluxDB round the points in the database are counted, and must be N.
 *
 * <p>Sink rate = N / wall time of the job with the InfluxDB sink; the discard job's rate shows how
 * much of that time is the source and the mapping.
 *
 * <p>Usage: {@code InfluxSinkThroughput [POINTS] [ENTITIES] [ROUNDS] [BATCHES]}, defaults 1000000
 * 1000 3 1000,5000 (comma-separated batch sizes, each measured in every round).
 */
public final class InfluxSinkThroughput {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private InfluxSinkThroughput() {}

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int entities = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<Integer> batches = new ArrayList<>();
        for (String b : (args.length > 3 ? args[3] : "1000,5000").split(",")) {
            batches.add(Integer.parseInt(b.trim()));
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        try (LocalInfluxd server = LocalInfluxd.start(Duration.ofSeconds(60))) {
            for (int r = 1; r <= rounds; r++) {
                StringBuilder line = new StringBuilder("round " + r + ":");
                double discard = n / seconds(n, entities, new DiscardingSink<>());
                rates.computeIfAbsent("discarding sink", k -> new ArrayList<>()).add(discard);
                line.append(String.format(" discarding sink %.0f points/s;", discard));
                for (int batch : batches) {
                    String db = "bench_" + r + "_" + batch;
                    double rate = n / seconds(n, entities, sink(server.url(), db, batch));
                    long stored = count(server.url(), db);
                    if (stored != n) {
                        throw new IllegalStateException(
                                "InfluxDB holds " + stored + " points of " + n + " in " + db);
                    }
                    rates.computeIfAbsent("InfluxDB sink, batch " + batch, k -> new ArrayList<>())
                            .add(rate);
                    line.append(
                            String.format(
                                    " batch %d %.0f points/s (%d stored);", batch, rate, stored));
                }
                System.out.println(line);
            }
        }
        rates.forEach(
                (name, xs) ->
                        System.out.printf(
                                "median over %d rounds, %s: %.0f points/s%n",
                                rounds, name, ActuatorThroughput.median(xs)));
    }

    private static InfluxSink<WindowAggregate> sink(String url, String db, int batch) {
        InfluxSinkConfig config =
                new InfluxSinkConfig(url, db, batch, 3, Duration.ofMillis(200), 100 * batch);
        InfluxPoints points = new InfluxPoints(new EntityTags(10_000, 64));
        return new InfluxSink<>(config, points::window);
    }

    private static double seconds(long n, int entities, Sink<WindowAggregate> sink)
            throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(
                        1, LocalCluster.loopback(new Configuration()));
        env.enableCheckpointing(10_000);
        env.fromSource(
                        new DataGeneratorSource<>(
                                windows(entities), n, TypeInformation.of(WindowAggregate.class)),
                        org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks(),
                        "windows")
                .sinkTo(sink);
        long t0 = System.nanoTime();
        env.execute("influx-sink-throughput");
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Window i: entity i mod E, window start T0 + (i / E) × 5 min, deterministic values. */
    private static GeneratorFunction<Long, WindowAggregate> windows(int entities) {
        return i -> {
            Instant start = T0.plus(Duration.ofMinutes(5 * (i / entities)));
            double mean = 10 + (i * 7919 % 9000) / 100.0;
            return new WindowAggregate(
                    "vm-" + (i % entities),
                    "cpu_pct",
                    start,
                    start.plus(Duration.ofMinutes(5)),
                    30,
                    mean,
                    mean * 1.2,
                    mean * 1.1);
        };
    }

    private static long count(String url, String db) {
        try (InfluxDB client = InfluxDBFactory.connect(url)) {
            QueryResult r = client.query(new Query("SELECT count(\"mean\") FROM \"metric\"", db));
            return ((Number) r.getResults().get(0).getSeries().get(0).getValues().get(0).get(1))
                    .longValue();
        }
    }
}
