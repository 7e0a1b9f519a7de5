package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.Ingested;
import io.prescale.operators.allocation.EntityWindows;
import java.time.Clock;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.junit.jupiter.api.Test;

/** Which operators of the job share a task (chaining), built without running the job. */
class PredictiveScalingJobGraphTest {

    private static List<String> tasks(String... options) {
        Iterable<JobVertex> vertices = graph(options).getJobGraph().getVertices();
        return StreamSupport.stream(vertices.spliterator(), false).map(JobVertex::getName).toList();
    }

    private static StreamGraph graph(String... options) {
        Configuration env = new Configuration();
        env.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment e = StreamExecutionEnvironment.createLocalEnvironment(1, env);
        DataGeneratorSource<Ingested> none =
                new DataGeneratorSource<>(
                        i -> {
                            throw new IllegalStateException("not run");
                        },
                        1,
                        TypeInformation.of(Ingested.class));
        new PredictiveScalingJob(
                        JobSettings.from(JobConfig.fromArgs(options)),
                        JobSources.metricsOnly(none),
                        JobSinks.discardAll(),
                        Clock.systemUTC())
                .build(e);
        return e.getStreamGraph();
    }

    @Test
    void windowsReachTheAllocationWithTheirWatermarksButWithoutIdlenessInTheWindowsTask() {
        StreamGraph g = graph("-Dallocation.demand-metric=cpu_max_pct");
        assertThat(g.getStreamNodes())
                .filteredOn(n -> n.getOperatorName().equals("entity-windows"))
                .singleElement()
                .satisfies(
                        n ->
                                assertThat(
                                                ((SimpleOperatorFactory<?>) n.getOperatorFactory())
                                                        .getOperator())
                                        .isInstanceOf(EntityWindows.class));
        assertThat(g.getJobGraph().getVertices())
                .extracting(JobVertex::getName)
                .filteredOn(t -> t.startsWith("window-stats"))
                .singleElement()
                .asString()
                .contains("entity-windows");
    }

    /**
     * A Kafka source's uid names a topic other than its option's default, so that a checkpoint of
     * another topic's offsets is not restored into it (read on with the new topic).
     */
    @Test
    void aSourceOfAnotherTopicThanTheDefaultHasAnotherUid() {
        assertThat(sourceUids())
                .containsExactlyInAnyOrder(
                        "metrics-source", "actuations-source", "feedback-source", "config-source");
        assertThat(sourceUids("-Dtopics.metrics=t7.test", "-Dtopics.config=c2"))
                .containsExactlyInAnyOrder(
                        "metrics-source@t7.test",
                        "actuations-source",
                        "feedback-source",
                        "config-source@c2");
        assertThat(sourceUids("-Dtopics.actuations=a2", "-Dtopics.feedback=f2"))
                .contains("actuations-source@a2", "feedback-source@f2");
    }

    private static List<String> sourceUids(String... options) {
        Configuration conf = JobConfig.fromArgs(options);
        StreamExecutionEnvironment e = StreamExecutionEnvironment.createLocalEnvironment(1);
        PredictiveScalingJob.fromConfig(conf).build(e);
        StreamGraph g = e.getStreamGraph();
        return g.getSourceIDs().stream()
                .map(id -> g.getStreamNode(id).getTransformationUID())
                .toList();
    }

    /**
     * The thirty-ninth tester could not resume a recommend-only job's checkpoint with actuation on:
     * the sinks had generated ids, which the commands sink's committer (actuating only) changed.
     * Every operator but a few stateless ones has a uid, the same in both modes, so a checkpoint of
     * one restores into the other but for the committer's state.
     */
    @Test
    void everyOperatorWithStateHasAUidAndActuationChangesOnlyTheCommandsCommitter() {
        StreamGraph on = realGraph("-Dactuation.enabled=true");
        StreamGraph off = realGraph("-Dactuation.enabled=false");
        List<String> stateless =
                List.of(
                        "late-samples",
                        "entity-windows",
                        "accuracy-rows",
                        "entity-tenants-no-event-time",
                        "entity-hints");
        for (StreamGraph g : List.of(on, off)) {
            assertThat(g.getStreamNodes())
                    .filteredOn(n -> n.getTransformationUID() == null)
                    .extracting(StreamNode::getOperatorName)
                    .allSatisfy(name -> assertThat(stateless).anyMatch(name::startsWith));
        }
        java.util.Set<String> actuatingOnly = new java.util.HashSet<>(uids(on));
        actuatingOnly.removeAll(uids(off));
        assertThat(uids(off)).isSubsetOf(uids(on));
        assertThat(actuatingOnly)
                .containsExactly("Sink Committer: " + PredictiveScalingJob.COMMANDS_SINK_UID);
    }

    private static StreamGraph realGraph(String... options) {
        StreamExecutionEnvironment e = StreamExecutionEnvironment.createLocalEnvironment(1);
        PredictiveScalingJob.fromConfig(
                        JobConfig.fromArgs(concat(options, "-Dinflux.url=http://127.0.0.1:8086")))
                .build(e);
        return e.getStreamGraph();
    }

    private static String[] concat(String[] a, String b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }

    private static java.util.Set<String> uids(StreamGraph g) {
        return g.getStreamNodes().stream()
                .map(StreamNode::getTransformationUID)
                .filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.toSet());
    }

    /**
     * The commands reach their sinks through the ledger, which numbers them across pool moves: the
     * sinks chain to it (the ledger got every command by entity before too, so no shuffle more),
     * with one resource and with several, whose RECLASS recommendations join the arbiters' commands
     * on the way to it.
     */
    @Test
    void theCommandsSinksShareTheLedgersTask() {
        for (String resources :
                List.of(
                        "-Dallocation.demand-metric=cpu_max_pct",
                        "-Dallocation.resources=cpu:cpu_max_pct:pct,memory:cpu_avg_pct:pct")) {
            List<String> tasks = tasks(resources);
            assertThat(tasks)
                    .as(resources)
                    .filteredOn(t -> t.startsWith("ledger"))
                    .singleElement()
                    .asString()
                    .contains("commands-sink", "influx-commands", "influx-ledger");
            assertThat(tasks)
                    .as(resources)
                    .noneMatch(t -> t.startsWith("commands-sink"))
                    .filteredOn(t -> t.startsWith("capacity-arbiter"))
                    .singleElement()
                    .asString()
                    .doesNotContain("commands-sink");
        }
    }

    @Test
    void theForecastsAreMadeInATaskOfTheirOwnAfterTheWindows() {
        List<String> tasks = tasks("-Dallocation.demand-metric=cpu_max_pct");
        assertThat(tasks)
                .filteredOn(t -> t.startsWith("window-stats"))
                .singleElement()
                .asString()
                .doesNotContain("forecast");
        assertThat(tasks)
                .filteredOn(t -> t.startsWith("forecast"))
                .singleElement()
                .asString()
                .contains(
                        "forecasts-sink",
                        "influx-forecasts",
                        "influx-accuracy",
                        "alert-hysteresis");
    }
}
