package io.prescale.connectors.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.connectors.influx.EntityTags;
import io.prescale.connectors.influx.InfluxBacklog;
import io.prescale.connectors.influx.InfluxSink;
import io.prescale.connectors.influx.InfluxSinkConfig;
import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.Test;

/**
 * The actuator's InfluxDB writer keeps what it could not write and the entities it tags in the
 * actuator's checkpoint: a publisher restored from it writes those points and tags the same
 * entities, where a fresh one tagged whichever came first (a restart split their series).
 */
class InfluxResultPublisherTest {
    private static final Instant T = Instant.parse("2024-03-01T12:00:00Z");

    /** A port nothing listens on: InfluxDB is down. */
    private static String downUrl() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    private static ResultPublisher publisher(String url, List<InfluxBacklog> restored) {
        EntityTags tags = new EntityTags(1, 4); // one entity tagged, the rest bucketed
        InfluxSink<ActuationResult> sink =
                new InfluxSink<>(
                        new InfluxSinkConfig(url, "prescale", 100, 0, Duration.ZERO, 1000),
                        r ->
                                tags.tag(Point.measurement("actuation"), r.entity())
                                        .addField("applied", r.appliedAmount())
                                        .time(r.time().toEpochMilli(), TimeUnit.MILLISECONDS)
                                        .build(),
                        tags);
        return InfluxResultPublisher.factory(sink).create(new UnregisteredMetricsGroup(), restored);
    }

    private static ActuationResult result(String entity, int second) {
        return new ActuationResult(
                entity + "/" + second,
                entity,
                "cpu",
                second,
                ActuationStatus.APPLIED,
                2,
                "log",
                T.plusSeconds(second),
                "ok");
    }

    @Test
    void theUnwrittenPointsAndTheTaggedEntitiesComeBackWithTheCheckpoint() throws Exception {
        String url = downUrl();
        List<InfluxBacklog> state;
        try (ResultPublisher first = publisher(url, List.of())) {
            first.publish(result("vm-1", 1));
            first.publish(result("vm-2", 2));
            first.flush(false); // InfluxDB down: kept, not thrown
            state = first.snapshotState();
        }
        assertThat(state)
                .singleElement()
                .satisfies(
                        b -> {
                            assertThat(b.tagged()).containsExactly("vm-1");
                            assertThat(b.lines()).hasSize(2);
                        });

        try (ResultPublisher again = publisher(url, state)) {
            again.publish(result("vm-2", 3)); // first after the restart, still bucketed
            again.publish(result("vm-1", 4));
            again.flush(false);
            InfluxBacklog b = again.snapshotState().get(0);
            assertThat(b.tagged()).containsExactly("vm-1");
            assertThat(b.lines())
                    .hasSize(4)
                    .filteredOn(l -> l.startsWith("actuation,entity=vm-1 "))
                    .hasSize(2);
        }
    }

    /** A bounded input's end: no checkpoint will keep the points, so they are dropped and said. */
    @Test
    void atTheEndOfABoundedInputThePointsLeftAreDroppedAndTheTagsKept() throws Exception {
        try (ResultPublisher p = publisher(downUrl(), List.of())) {
            p.publish(result("vm-1", 1));
            p.flush(true);
            assertThat(p.snapshotState())
                    .singleElement()
                    .satisfies(
                            b -> {
                                assertThat(b.lines()).isEmpty();
                                assertThat(b.tagged()).containsExactly("vm-1");
                            });
        }
    }
}
