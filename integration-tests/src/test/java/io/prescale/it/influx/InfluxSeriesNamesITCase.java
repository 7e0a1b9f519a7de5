package io.prescale.it.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.connectors.influx.InfluxPointMapper;
import io.prescale.connectors.influx.InfluxSink;
import io.prescale.connectors.influx.InfluxSinkConfig;
import io.prescale.it.services.InfluxService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Entity and metric names as tag values against a real InfluxDB 1.x: the characters line protocol
 * escapes (comma, space, equals sign, also after a backslash) come back exactly as written, and a
 * name InfluxDB cannot store (a trailing backslash, which the model rejects at ingest) costs only
 * its own point, counted as dropped, not its batch.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InfluxSeriesNamesITCase {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @RegisterExtension static final InfluxService INFLUX = new InfluxService();

    private static final List<String> NAMES =
            List.of("vm 1", "a,b", "k=v", "a\\,b", "a\\ b", "x\\y", "tab\tx", "cr\rx", "é€");

    private record Named(String name, int i) {}

    private static final InfluxPointMapper<Named> POINT =
            n ->
                    Point.measurement("metric")
                            .time(T0.plusSeconds(n.i()).toEpochMilli(), TimeUnit.MILLISECONDS)
                            .tag("entity", n.name())
                            .tag("metric", n.name())
                            .addField("v", n.i())
                            .build();

    @Test
    void namesRoundTripAndAnUnstorableOneCostsOnlyItsPoint() throws Exception {
        String db = INFLUX.createDatabase("names");
        InfluxSinkConfig config =
                new InfluxSinkConfig(INFLUX.url(), db, 100, 0, Duration.ofMillis(50), 1_000);
        RecordingMetricGroup metrics = new RecordingMetricGroup();
        SinkWriter<Named> writer = new InfluxSink<>(config, POINT).createWriter(metrics);
        try {
            for (int i = 0; i < NAMES.size(); i++) {
                writer.write(new Named(NAMES.get(i), i), null);
            }
            writer.write(new Named("vm\\", 100), null);
            writer.flush(false);
        } finally {
            writer.close();
        }

        assertThat(tagValues(db, "entity")).containsExactlyInAnyOrderElementsOf(NAMES);
        assertThat(tagValues(db, "metric")).containsExactlyInAnyOrderElementsOf(NAMES);
        assertThat(metrics.count("influxPointsWritten")).isEqualTo(NAMES.size());
        assertThat(metrics.count("influxPointsRejected")).isEqualTo(1);
        assertThat(metrics.count("influxPointsDropped")).isEqualTo(1);
    }

    private static List<String> tagValues(String db, String key) {
        try (InfluxDB client = INFLUX.connect()) {
            QueryResult r =
                    client.query(
                            new Query(
                                    "SHOW TAG VALUES FROM \"metric\" WITH KEY = \"" + key + "\"",
                                    db));
            assertThat(r.getError()).isNull();
            QueryResult.Result result = r.getResults().get(0);
            assertThat(result.getError()).isNull();
            return result.getSeries().get(0).getValues().stream()
                    .map(row -> (String) row.get(1))
                    .toList();
        }
    }
}
