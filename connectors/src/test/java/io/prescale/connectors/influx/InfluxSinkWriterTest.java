package io.prescale.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.connectors.Urls;
import io.prescale.connectors.actuator.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.InstantiationUtil;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InfluxSinkWriterTest {
    private static final InfluxPointMapper<Integer> POINT =
            i -> Point.measurement("m").time(i, TimeUnit.MILLISECONDS).addField("v", i).build();

    private final TestingInfluxWriteTarget target = new TestingInfluxWriteTarget();
    private final List<Long> sleeps = new ArrayList<>();
    private final Map<String, Counter> counters = new HashMap<>();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<InfluxSinkWriter<Integer>> writers = new ArrayList<>();

    /** Closes the writers, so that no outage of one test is still going on in the next. */
    @AfterEach
    void closeWriters() throws Exception {
        for (InfluxSinkWriter<Integer> w : writers) {
            w.close();
        }
    }

    private InfluxSinkWriter<Integer> writer(int batch, int retries, int bound) {
        return writer(batch, retries, bound, List.of(), true);
    }

    /** A writer restored with {@code backlog}, its state in checkpoints or not. */
    private InfluxSinkWriter<Integer> writer(
            int batch, int retries, int bound, List<InfluxBacklog> backlog, boolean checkpointed) {
        InfluxSinkConfig config =
                new InfluxSinkConfig(
                        "http://127.0.0.1:1", "db", batch, retries, Duration.ofMillis(100), bound);
        InfluxSinkWriter<Integer> w =
                new InfluxSinkWriter<>(
                        config,
                        POINT,
                        null,
                        target,
                        new UnregisteredMetricsGroup() {
                            @Override
                            public Counter counter(String name) {
                                return counters.computeIfAbsent(name, n -> new SimpleCounter());
                            }
                        },
                        new InfluxSinkWriter.Pacing(sleeps::add, clock),
                        backlog,
                        checkpointed);
        writers.add(w);
        return w;
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
                            m ->
                                    assertThat(m)
                                            .contains(
                                                    "InfluxDB unreachable when the input ended: dropped the 7"));
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
        assertThatThrownBy(() -> serializer.deserialize(3, new byte[4]))
                .hasMessageContaining("version 3");
        assertThatThrownBy(() -> serializer.deserialize(1, new byte[] {0, 0, 0, 1, 0, 0, 0, 9}))
                .hasMessageContaining("corrupt line length 9");
    }

    /**
     * The ninth tester's finding: each failed batch of each writer was a WARN line, 18 lines per 10
     * s with nine sinks. An outage is now said once when it starts, at most once a minute while it
     * lasts, and once when writes succeed again; every count is kept.
     */
    @Test
    void anOutageIsSaidWhenItStartsOnceAMinuteAndWhenItEnds() throws Exception {
        InfluxSinkWriter<Integer> w = writer(2, 1, 4);
        target.failNextWrites = Integer.MAX_VALUE;
        try (CapturedLog log = new CapturedLog(InfluxSinkWriter.class)) {
            for (int i = 0; i < 3; i++) {
                w.write(i, null); // the second fills a batch, whose write fails
            }
            assertThat(log.warnings())
                    .singleElement()
                    .asString()
                    .contains("not writable")
                    .contains("failed after 2 attempts")
                    .contains("keeping 2 points buffered (at most 4")
                    .contains("retrying");

            int flushes = 0;
            for (int second = 5; second <= 115; second += 5, flushes++) {
                clock.now = clock.now.plusSeconds(5);
                for (int i = 0; i < 10; i++) {
                    w.write(100 + second + i, null);
                }
                w.flush(false); // a checkpoint every 5 s
            }
            assertThat(log.warnings())
                    .as("the start and one summary in 115 s of %d failed flushes", flushes)
                    .hasSize(2);
            assertThat(log.warnings().get(1))
                    .contains("still not writable after 1 min")
                    .contains("4 points buffered")
                    .contains(" dropped")
                    .contains("writes failed so far");
            long droppedSoFar = counters.get("influxPointsDropped").getCount();
            assertThat(droppedSoFar).isEqualTo(3 + 23L * 10 - 4);
            assertThat(log.warnings().get(1))
                    .as("the summary at 60 s, after 12 flushes")
                    .contains((3 + 12L * 10 - 4) + " dropped")
                    .contains((2 + 12L * 2) + " writes failed");
            assertThat(counters.get("influxWritesFailed").getCount()).isEqualTo(2L * (1 + 23));

            clock.now = clock.now.plusSeconds(5);
            target.failNextWrites = 0;
            w.flush(false);

            assertThat(log.lines())
                    .hasSize(3)
                    .last()
                    .asString()
                    .contains("writable again after 2 min")
                    .contains("4 points written")
                    .contains(droppedSoFar + " dropped")
                    .contains("48 writes failed");
            assertThat(counters.get("influxPointsWritten").getCount()).isEqualTo(4);
        }
    }

    /**
     * The nineteenth tester's nine WARN lines at once: the writers of one process (a job's nine
     * InfluxDB sinks) say an outage of their server once as it starts, and once, with their summed
     * counts, when the last of them writes again.
     */
    @Test
    void theWritersOfAProcessSayAnOutageOnce() throws Exception {
        InfluxSinkWriter<Integer> a = writer(1, 0, 10);
        InfluxSinkWriter<Integer> b = writer(1, 0, 10);
        target.failNextWrites = Integer.MAX_VALUE;
        try (CapturedLog log = new CapturedLog(InfluxSinkWriter.class)) {
            a.write(1, null);
            b.write(2, null);
            b.write(3, null);
            assertThat(log.warnings()).singleElement().asString().contains("not writable");

            clock.now = clock.now.plusSeconds(30);
            b.flush(false);
            assertThat(log.warnings()).as("no summary before a minute").hasSize(1);
            clock.now = clock.now.plusSeconds(30);
            a.write(4, null);
            a.flush(false);
            assertThat(log.warnings())
                    .hasSize(2)
                    .last()
                    .asString()
                    .contains("still not writable after 1 min: 4 points buffered, 0 dropped");

            target.failNextWrites = 0;
            a.flush(false);
            assertThat(log.lines()).as("b still fails").hasSize(2);
            b.flush(false);
            assertThat(log.lines())
                    .hasSize(3)
                    .last()
                    .asString()
                    .contains("writable again after 1 min: 4 points written, 0 dropped");
        }
    }

    /**
     * A tester's actuator restarts said "InfluxDB unreachable when the writer closed" of an
     * InfluxDB that answered: points not yet due for a write are said as the job's stop.
     */
    @Test
    void aWriterClosedWithPointsNotYetDueDoesNotBlameInfluxDb() throws Exception {
        InfluxSinkWriter<Integer> w = writer(10, 0, 100, List.of(), false);
        try (CapturedLog log = new CapturedLog(InfluxSinkWriter.class)) {
            w.write(1, null);
            w.write(2, null);
            w.close();
            assertThat(log.warnings())
                    .singleElement()
                    .asString()
                    .startsWith(
                            "the writer closed (the job stopped, failed or restarts) before its"
                                    + " last points were due: dropped the 2 points")
                    .doesNotContain("unreachable");
        }
    }

    @Test
    void anOutageLineNamesTheServerWithoutItsPassword() {
        assertThat(Urls.shown("http://u:secret@h:8086/x")).isEqualTo("http://h:8086/x");
        assertThat(Urls.shown("https://h:8086")).isEqualTo("https://h:8086");
        assertThat(Urls.shown("http://h:8086/a@b")).isEqualTo("http://h:8086/a@b");
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
                .hasMessageContaining("must be an absolute http or https URL");
        assertThatThrownBy(() -> new InfluxSinkConfig("http://h", "db", 10, 0, Duration.ZERO, 5))
                .hasMessageContaining("maxBufferedPoints (5) must be >= batchSize (10)");
    }

    /**
     * Writes that take most of the task's time are said once a minute as holding the job back (the
     * sixteenth tester: a job at 10,000 entities ran 15 minutes behind InfluxDB unsaid), with the
     * measurement; quick writes are not; a write that failed once and then succeeded is said too
     * (it was counted in influxWritesFailed only).
     */
    @Test
    void writesThatHoldTheJobBackAreSaidOnceAMinute() throws Exception {
        InfluxSinkWriter<Integer> w = writer(1, 2, 100);
        target.onWrite = () -> clock.now = clock.now.plusSeconds(10);
        try (CapturedLog log = new CapturedLog(InfluxSinkWriter.class)) {
            for (int i = 0; i < 5; i++) {
                w.write(i, null); // a batch of one: written at once, 10 s each
                clock.now = clock.now.plusSeconds(5);
            }
            assertThat(log.warnings())
                    .singleElement()
                    .asString()
                    .contains("InfluxDB at http://127.0.0.1:1 (database db) took 50 s of the last")
                    .contains("5 points (the last of measurement m)")
                    .contains("forecast.output-horizons");
        }

        target.onWrite = () -> {};
        try (CapturedLog log = new CapturedLog(InfluxSinkWriter.class)) {
            for (int i = 0; i < 5; i++) {
                w.write(i, null);
                clock.now = clock.now.plusSeconds(20);
            }
            assertThat(log.warnings()).isEmpty();
            target.failNextWrites = 1;
            w.write(9, null);
            clock.now = clock.now.plusSeconds(61);
            w.write(10, null);
            assertThat(log.warnings())
                    .singleElement()
                    .asString()
                    .contains("1 write of measurement ")
                    .contains("failed and then succeeded when retried")
                    .contains("testing: write refused")
                    .contains("those points were written");
        }
        assertThat(InfluxPace.measurementOf("a\\,b\\ c,tag=1 v=1")).isEqualTo("a\\,b\\ c");
    }

    /** A mapper's null is no point: nothing buffered, written or counted for it. */
    @Test
    void anElementWithoutAPointIsNotWritten() throws Exception {
        InfluxSinkConfig config =
                new InfluxSinkConfig(
                        "http://127.0.0.1:1", "db", 10, 0, Duration.ofMillis(100), 100);
        InfluxSinkWriter<Integer> w =
                new InfluxSinkWriter<>(
                        config,
                        i -> i % 2 == 0 ? POINT.toPoint(i) : null,
                        null,
                        target,
                        new UnregisteredMetricsGroup(),
                        new InfluxSinkWriter.Pacing(sleeps::add, clock),
                        List.of(),
                        true);
        for (int i = 0; i < 6; i++) {
            w.write(i, null);
        }
        assertThat(w.buffered()).isEqualTo(3);
        w.flush(false);
        assertThat(target.pointsWritten()).isEqualTo(3);
    }

    /** Element i as a point of entity "e" + i, tagged or bucketed by {@code tags}. */
    private static InfluxPointMapper<Integer> tagging(EntityTags tags) {
        return i ->
                tags.tag(Point.measurement("m"), "e" + i)
                        .addField("v", i)
                        .time(i, TimeUnit.MILLISECONDS)
                        .build();
    }

    /**
     * The entities a writer tags are in its checkpoint: the writer restored from it tags the same
     * ones, where an empty set had tagged the next run's first entities and split the others'
     * series (a tester's restart doubled a day's points in InfluxDB). State of version 1, the lines
     * only, still reads.
     */
    @Test
    void theEntitiesTaggedAreKeptInTheCheckpoint() throws Exception {
        InfluxSinkConfig config =
                new InfluxSinkConfig(
                        "http://127.0.0.1:1", "db", 100, 0, Duration.ofMillis(100), 100);
        EntityTags tags = new EntityTags(2, 4);
        InfluxPointMapper<Integer> mapper = tagging(tags);
        InfluxSinkWriter<Integer> first =
                new InfluxSinkWriter<>(
                        config,
                        mapper,
                        tags,
                        target,
                        new UnregisteredMetricsGroup(),
                        new InfluxSinkWriter.Pacing(sleeps::add, clock),
                        List.of(),
                        true);
        for (int i : new int[] {7, 8, 9}) {
            first.write(i, null);
        }
        first.flush(false);
        List<InfluxBacklog> state = first.snapshotState(1);
        InfluxBacklogSerializer serializer = new InfluxBacklogSerializer();
        InfluxBacklog restored =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(state.get(0)));
        assertThat(restored.tagged()).containsExactlyInAnyOrder("e7", "e8");

        EntityTags again = new EntityTags(2, 4);
        InfluxSinkWriter<Integer> resumed =
                new InfluxSinkWriter<>(
                        config,
                        tagging(again),
                        again,
                        target,
                        new UnregisteredMetricsGroup(),
                        new InfluxSinkWriter.Pacing(sleeps::add, clock),
                        List.of(restored),
                        true);
        writers.add(resumed);
        for (int i : new int[] {1, 9, 8}) {
            resumed.write(i, null);
        }
        resumed.flush(false);
        assertThat(target.batches.stream().flatMap(List::stream).toList().subList(3, 6))
                .as("e1, new, is bucketed; e9 as before; e8 tagged as before")
                .satisfiesExactly(
                        l -> assertThat(l).startsWith("m,entity_bucket="),
                        l -> assertThat(l).startsWith("m,entity_bucket="),
                        l -> assertThat(l).startsWith("m,entity=e8 "));
        assertThat(serializer.deserialize(1, new byte[] {0, 0, 0, 0}).tagged()).isEmpty();
    }

    /**
     * A sink is serialized to its task with its mapper: the entity tags the writer keeps in its
     * checkpoints must be the very object the mapper tags with, which one serialization of both
     * keeps (two copies would checkpoint an empty set).
     */
    @Test
    void aSerializedSinksWriterCheckpointsTheTagsItsMapperWritesWith() throws Exception {
        EntityTags tags = new EntityTags(5, 2);
        InfluxPointMapper<Integer> mapper = tagging(tags);
        InfluxSink<Integer> sink =
                new InfluxSink<>(
                        new InfluxSinkConfig(
                                "http://127.0.0.1:1", "db", 10, 0, Duration.ofMillis(100), 10),
                        mapper,
                        tags,
                        config -> new TestingInfluxWriteTarget());
        InfluxSink<Integer> onTheTask = InstantiationUtil.clone(sink, getClass().getClassLoader());
        InfluxSinkWriter<Integer> w =
                (InfluxSinkWriter<Integer>) onTheTask.createWriter(new UnregisteredMetricsGroup());
        w.write(3, null);
        assertThat(w.snapshotState(1))
                .singleElement()
                .extracting(InfluxBacklog::tagged)
                .isEqualTo(List.of("e3"));
        assertThat(tags.tagged()).as("the original, not serialized, saw nothing").isEmpty();
        w.close();
    }
}
