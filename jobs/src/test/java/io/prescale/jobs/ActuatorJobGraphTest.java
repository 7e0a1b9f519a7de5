package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.CommandIngested;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;

/** How the actuator job's operators share tasks, built without running the job. */
class ActuatorJobGraphTest {

    @Test
    void theActuatorSharesTheVersionGatesTask() {
        Configuration env = new Configuration();
        env.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment e = StreamExecutionEnvironment.createLocalEnvironment(2, env);
        DataGeneratorSource<CommandIngested> none =
                new DataGeneratorSource<>(
                        i -> {
                            throw new IllegalStateException("not run");
                        },
                        1,
                        TypeInformation.of(CommandIngested.class));
        new ActuatorJob(
                        none,
                        new ActuatorJob.Sinks(KafkaWiring.discard(), KafkaWiring.discard()),
                        Duration.ofDays(7))
                .build(e);
        Iterable<JobVertex> vertices = e.getStreamGraph().getJobGraph().getVertices();
        List<String> tasks =
                StreamSupport.stream(vertices.spliterator(), false)
                        .map(JobVertex::getName)
                        .toList();

        // chained, so every command of a key reaches the sink in the order the gate saw it: a
        // superseded one after the outcome of the newest passed
        assertThat(tasks)
                .filteredOn(t -> t.contains("version-gate"))
                .singleElement()
                .asString()
                .contains("actuator");
    }

    /** Its source's uid names a commands topic other than the default ({@code sourceUid}). */
    @Test
    void aSourceOfAnotherCommandsTopicHasAnotherUid() {
        assertThat(sourceUid()).isEqualTo("commands-source");
        assertThat(sourceUid("-Dtopics.commands=c2")).isEqualTo("commands-source@c2");
    }

    private static String sourceUid(String... options) {
        StreamExecutionEnvironment e = StreamExecutionEnvironment.createLocalEnvironment(1);
        ActuatorJob.fromConfig(JobConfig.fromArgs(options)).build(e);
        StreamGraph g = e.getStreamGraph();
        return g.getStreamNode(g.getSourceIDs().iterator().next()).getTransformationUID();
    }
}
