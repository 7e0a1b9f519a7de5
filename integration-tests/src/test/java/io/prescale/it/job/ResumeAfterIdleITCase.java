package io.prescale.it.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.replay.Replayer;
import io.prescale.cli.replay.TraceSamples;
import io.prescale.it.pipeline.Pipeline;
import io.prescale.it.pipeline.PipelineTopics;
import io.prescale.it.services.KafkaService;
import io.prescale.it.services.MiniClusters;
import io.prescale.model.DeadLetter;
import io.prescale.model.MetricSample;
import io.prescale.model.ScaleCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A day replayed into a running job that has idled, one Kafka partition read a little after the
 * other (as when one split is read first after a Kafka outage or a replay): the race of the
 * fifteenth session's tester, forced. The metrics topic has two partitions; the job idles until
 * both splits are idle, then gets the day of the entities on partition 0 and, {@link #SECOND_LATER}
 * later, the day of those on partition 1. Without {@code watermark.resume-hold} the first split's
 * watermark runs to the end of the day within a second and the whole second partition is late
 * (dead-lettered, its entities never allocated); with the default hold none of it is.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ResumeAfterIdleITCase {
    private static final Path TRACE = TestData.shared("azure-vm-2017.csv.gz");
    private static final Instant DAY_END = Instant.parse("2017-01-02T00:00:00Z");
    private static final Duration IDLENESS = Duration.ofSeconds(5);
    private static final Duration SECOND_LATER = Duration.ofSeconds(2);

    @RegisterExtension static final KafkaService KAFKA = new KafkaService();
    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(4);

    private final List<JobClient> jobs = new ArrayList<>();

    @AfterEach
    void stopJobs() throws Exception {
        Pipeline.stop(jobs);
    }

    @Test
    void aPartitionReadSecondAfterAnIdleSpellIsNotLate() throws Exception {
        Outcome o = replayOnePartitionAfterTheOther(List.of(), false);

        assertThat(o.late).as("late dead letters").isZero();
        assertThat(o.commanded).as("entities with commands").isEqualTo(o.entities);
    }

    /** The same without the hold: the race is real, so the test above can fail. */
    @Test
    void withoutTheHoldThatPartitionIsLate() throws Exception {
        Outcome o = replayOnePartitionAfterTheOther(List.of("-Dwatermark.resume-hold=0"), false);

        assertThat(o.late).as("late dead letters").isPositive();
        assertThat(o.commanded).as("entities with commands").isNotEqualTo(o.entities);
    }

    /**
     * The ninth tester's finding: a malformed record read first after the idle spell took event
     * time to the end of time, so every window fired, every entity was released and every sample
     * after it was late.
     */
    @Test
    void aMalformedRecordReadFirstAfterAnIdleSpellMovesNoEventTime() throws Exception {
        Outcome o = replayOnePartitionAfterTheOther(List.of(), true);

        assertThat(o.late).as("late dead letters").isZero();
        assertThat(o.commanded).as("entities with commands").isEqualTo(o.entities);
    }

    private record Outcome(long late, Set<String> entities, Set<String> commanded) {}

    /**
     * @param garbageFirst whether a record that is no sample reaches each partition first, a second
     *     before the day
     */
    private Outcome replayOnePartitionAfterTheOther(List<String> extra, boolean garbageFirst)
            throws Exception {
        PipelineTopics topics = PipelineTopics.create(KAFKA);
        List<String> options =
                new ArrayList<>(
                        List.of(
                                "-Dwindow.size=15m",
                                "-Dwatermark.idleness=" + IDLENESS.toMillis() + "ms",
                                "-Dallocation.demand-metric=cpu_max_pct",
                                "-Dactuator.backend=log"));
        options.addAll(extra);
        Pipeline pipeline = Pipeline.withoutInflux(KAFKA.bootstrapServers(), topics, options);
        List<MetricSample> day = Pipeline.slice(TRACE, 6, DAY_END);
        List<MetricSample> first = day.stream().filter(s -> partition(s.entity()) == 0).toList();
        List<MetricSample> second = day.stream().filter(s -> partition(s.entity()) == 1).toList();
        assertThat(first).as("samples on partition 0").isNotEmpty();
        assertThat(second).as("samples on partition 1").isNotEmpty();

        jobs.add(pipeline.startActuator(false));
        jobs.add(pipeline.startScaling(false));
        Thread.sleep(IDLENESS.multipliedBy(4).toMillis()); // both splits idle
        if (garbageFirst) {
            List<Replayer.Payload> garbage = new ArrayList<>();
            for (MetricSample s : List.of(first.get(0), second.get(0))) {
                garbage.add(
                        new Replayer.Payload(
                                s.entity(), "not a sample".getBytes(StandardCharsets.UTF_8)));
            }
            Replayer.send(KAFKA.bootstrapServers(), topics.metrics(), garbage, n -> {});
            Thread.sleep(1_000);
        }
        pipeline.replay(first);
        Thread.sleep(SECOND_LATER.toMillis());
        pipeline.replay(second);
        pipeline.awaitSettled(Duration.ofSeconds(5), Duration.ofMinutes(3));

        long late =
                pipeline.read(topics.deadletter(), DeadLetter.class).stream()
                        .filter(d -> d.reason().startsWith("late:"))
                        .count();
        Set<String> commanded = new TreeSet<>();
        for (ScaleCommand c : pipeline.read(topics.commands(), ScaleCommand.class)) {
            commanded.add(c.entity());
        }
        Set<String> entities = new TreeSet<>(TraceSamples.firstEntities(TRACE, 6));
        Pipeline.stop(jobs);
        return new Outcome(late, entities, commanded);
    }

    /** The metrics partition (of two) the replay's keyed records go to: Kafka's default. */
    private static int partition(String entity) {
        return Utils.toPositive(Utils.murmur2(entity.getBytes(StandardCharsets.UTF_8))) % 2;
    }
}
