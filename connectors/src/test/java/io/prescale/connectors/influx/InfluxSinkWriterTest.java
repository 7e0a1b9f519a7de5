package io.prescale.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.Test;

class InfluxSinkWriterTest {
    private static final InfluxPointMapper<Integer> POINT =
            i -> Point.measurement("m").time(i, TimeUnit.MILLISECONDS).addField("v", i).build();

    private final TestingInfluxWriteTarget target = new TestingInfluxWriteTarget();
    private final List<Long> sleeps = new ArrayList<>();
    private final Map<String, Counter> counters = new HashMap<>();

    private InfluxSinkWriter<Integer> writer(int batch, int retries, int bound) {
        return writer(batch, retries, bound, List.of(), true);
    }

    /** A writer restored with {@code backlog}, its state in checkpoints or not. */
    private InfluxSinkWriter<Integer> writer(
            int batch, int retries, int bound, List<InfluxBacklog> backlog, boolean checkpointed) {
        InfluxSinkConfig config =
                new InfluxSinkConfig(
                        "http://127.0.0.1:1", "db", batch, retries, Duration.ofMillis(100), bound);
        return new InfluxSinkWriter<>(
                config,
                POINT,
                target,
                new UnregisteredMetricsGroup() {
                    @Override
                    public Counter counter(String name) {
                        return counters.computeIfAbsent(name, n -> new SimpleCounter());
                    }
                },
                sleeps::add,
                backlog,
                checkpointed);
    }

    @Test
    void writesFullBatchesAndTheRestOnFlush() throws Exception {
        InfluxSinkWriter<Integer> w = writer(3, 0, 100);
        for (int i = 0; i < 7; i++) {
            w.write(i, null);
        }
        assertThat(target.batches).hasSize(2);
        w.flush(false);
        assertThat(target.batches).extracting(List::size).containsExactly(3, 3, 1);
        assertThat(target.openedDatabases).containsExactly("db");
    }

    @Test
    void retriesWithDoublingBackoff() throws Exception {
        InfluxSinkWriter<Integer> w = writer(10, 3, 100);
        target.failNextWrites = 2;
        w.write(1, null);
        w.flush(false);
        assertThat(target.pointsWritten()).isEqualTo(1);
        assertThat(sleeps).containsExactly(100L, 200L);
    }

    @Test
    void keepsPointsWhileUnreachableAndDropsOldestBeyondTheBound() throws Exception {
        InfluxSinkWriter<Integer> w = writer(2, 1, 5);
        target.failNextWrites = Integer.MAX_VALUE;
        for (int i = 0; i < 8; i++) {
            w.write(i, null);
        }
        assertThat(w.buffered()).isEqualTo(5);
        int attemptsWhileDown = target.attempts;
        assertThat(attemptsWhileDown).as("no retry storm while down").isEqualTo(2);
        target.failNextWrites = 0;
        w.flush(false);
        assertThat(target.batches.stream().flatMap(List::stream))
                .hasSize(5)
                .allMatch(lp -> !lp.startsWith("m v=0i") && !lp.startsWith("m v=1i"));
    }

    @Test
    void pointsStillBufferedAtTheEndOfTheInputAreCountedAsDropped() throws Exception {
        InfluxSinkWriter<Integer> w = writer(10, 0, 100);
        target.failNextWrites = Integer.MAX_VALUE;
        try (CapturedLog log = new CapturedLog(InfluxSinkWriter.class)) {
            for (int i = 0; i < 7; i++) {
                w.write(i, null);
            }
            w.flush(true);

            assertThat(w.buffered()).isZero();
            assertThat(counters.get("influxPointsDropped").getCount()).isEqualTo(7);
            assertThat(log.warnings())
                    .anySatisfy(
                            m -> assertThat(m).contains("at the end of the input: dropped the 7"));
        }
    }

    @Test
    void aWriterNoCheckpointHoldsCountsWhatItStillBuffersWhenClosedAsDropped() throws Exception {
        InfluxSinkWriter<Integer> w = writer(10, 0, 100, List.of(), false);
        target.failNextWrites = Integer.MAX_VALUE;
        w.write(1, null);
        w.flush(false);

        w.close();

        assertThat(counters.get("influxPointsDropped").getCount()).isEqualTo(1);
    }

    /**
     * The ninth tester's finding: a job stopped while InfluxDB was down lost every buffered point,
     * unsaid. What is buffered after a checkpoint's flush is now the writer's state, and a writer
     * restored from it writes it once the server answers.
     */
    @Test
    void pointsBufferedAtACheckpointAreItsStateAndARestoredWriterWritesThem() throws Exception {
        InfluxSinkWriter<Integer> w = writer(10, 0, 100);
        target.failNextWrites = Integer.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            w.write(i, null);
        }
        w.flush(false); // the checkpoint's flush, InfluxDB down
        List<InfluxBacklog> state = w.snapshotState(1);
        try (CapturedLog log = new CapturedLog(InfluxSinkWriter.class)) {
            w.close();
            assertThat(log.warnings())
                    .singleElement()
                    .asString()
                    .contains("3 points not written")
                    .contains("resumed");
        }
        assertThat(counters.get("influxPointsWritten").getCount()).isZero();

        InfluxBacklogSerializer serializer = new InfluxBacklogSerializer();
        InfluxBacklog restored =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(state.get(0)));
        target.failNextWrites = 0;
        InfluxSinkWriter<Integer> again = writer(10, 0, 100, List.of(restored), true);
        again.write(3, null);
        again.flush(false);

        assertThat(target.pointsStored())
                .containsExactly("m v=0i 0", "m v=1i 1000000", "m v=2i 2000000", "m v=3i 3000000");
        assertThat(again.snapshotState(2)).as("nothing left after a flush that wrote").isEmpty();
    }

    @Test
    void theBacklogSerializerRefusesAnotherVersionAndCorruptBytes() {
        InfluxBacklogSerializer serializer = new InfluxBacklogSerializer();
        assertThatThrownBy(() -> serializer.deserialize(2, new byte[4]))
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> serializer.deserialize(1, new byte[] {0, 0, 0, 1, 0, 0, 0, 9}))
                .hasMessageContaining("corrupt line length 9");
    }

    @Test
    void dropsAreCountedAndLoggedAtMostTwicePerFlush() throws Exception {
        InfluxSinkWriter<Integer> w = writer(2, 0, 4);
        target.failNextWrites = Integer.MAX_VALUE;
        try (CapturedLog log = new CapturedLog(InfluxSinkWriter.class)) {
            for (int i = 0; i < 100; i++) {
                w.write(i, null);
            }
            w.flush(false);

            assertThat(w.buffered()).isEqualTo(4);
            assertThat(log.warnings())
                    .filteredOn(m -> m.contains("drop"))
                    .hasSize(2)
                    .anySatisfy(m -> assertThat(m).contains("dropping the oldest"))
                    .anySatisfy(m -> assertThat(m).contains("dropped 96 more points"));
        }
    }

    @Test
    void onlyTheRefusedPointsOfABatchAreDroppedAndTheyAreCountedAsDropped() throws Exception {
        InfluxSinkWriter<Integer> w = writer(8, 3, 100);
        target.refuses = p -> p.startsWith("m v=3i") || p.startsWith("m v=6i");
        try (CapturedLog log = new CapturedLog(InfluxSinkWriter.class)) {
            for (int i = 0; i < 10; i++) {
                w.write(i, null);
            }
            w.flush(false);

            assertThat(sleeps).as("a refused batch is not retried").isEmpty();
            assertThat(target.pointsStored())
                    .hasSize(8)
                    .noneMatch(lp -> lp.startsWith("m v=3i") || lp.startsWith("m v=6i"));
            assertThat(w.buffered()).isZero();
            assertThat(counters.get("influxPointsRejected").getCount()).isEqualTo(2);
            assertThat(counters.get("influxPointsDropped").getCount()).isEqualTo(2);
            assertThat(log.warnings())
                    .filteredOn(m -> m.contains("refused"))
                    .satisfiesExactly(
                            m -> assertThat(m).contains("refused a point").contains("dropped=1"),
                            m -> assertThat(m).contains("refused 1 more points"));
        }
    }

    @Test
    void aRefusalMessageIsAbbreviated() throws Exception {
        InfluxSinkWriter<Integer> w = writer(1, 0, 100);
        target.refuses = p -> true;
        target.refusal = "unable to parse '" + "x".repeat(5_000) + "'";
        try (CapturedLog log = new CapturedLog(InfluxSinkWriter.class)) {
            w.write(1, null);
            assertThat(log.warnings()).singleElement().asString().hasSizeLessThan(500);
        }
    }

    @Test
    void reopensTheDatabaseAfterAFailedWrite() throws Exception {
        InfluxSinkWriter<Integer> w = writer(1, 2, 100);
        w.write(1, null);
        target.failNextWrites = 1;
        w.write(2, null);
        assertThat(target.openedDatabases).containsExactly("db", "db");
        assertThat(target.pointsWritten()).isEqualTo(2);
    }

    @Test
    void closeClosesTheTarget() throws Exception {
        writer(1, 0, 1).close();
        assertThat(target.closed).isTrue();
    }

    @Test
    void configNamesBadValues() {
        assertThatThrownBy(() -> InfluxSinkConfig.of("localhost:8086", "db"))
                .hasMessageContaining("must start with http://");
        assertThatThrownBy(() -> new InfluxSinkConfig("http://h", "db", 10, 0, Duration.ZERO, 5))
                .hasMessageContaining("maxBufferedPoints (5) must be >= batchSize (10)");
    }
}
