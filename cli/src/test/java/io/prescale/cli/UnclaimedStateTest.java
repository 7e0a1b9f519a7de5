package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.jobs.JobConfig;
import io.prescale.jobs.KafkaWiring;
import io.prescale.jobs.PredictiveScalingJob;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint of a job with actuation on, resumed with {@code actuation.enabled: false}, holds the
 * exactly-once commands sink's state, which the recommend-only job (a discarding sink) has no
 * operator for: the refusal names the option.
 */
class UnclaimedStateTest {
    private static final String UNIQUE_SOURCE_UID = "ticks";

    /** Flink's refusal of the state of {@code operatorId}, as it words it. */
    private static String refusal(String operatorId) {
        return "Failed to rollback to checkpoint/savepoint file:/tmp/chk-3. Cannot map"
                + " checkpoint/savepoint state for operator "
                + operatorId
                + " to the new program, because the operator is not available in the new"
                + " program. If you want to allow to skip this, you can set the"
                + " --allowNonRestoredState option on the CLI.";
    }

    @Test
    void theExactlyOnceCommandsSinksStateNamesActuationEnabled() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromData(Types.STRING, "a")
                .uid(UNIQUE_SOURCE_UID)
                .sinkTo(KafkaWiring.exactlyOnceJsonSink(JobConfig.fromArgs(), "t", s -> s))
                .uid(PredictiveScalingJob.COMMANDS_SINK_UID);
        JobGraph graph = env.getStreamGraph().getJobGraph();
        List<String> described =
                graph.getVerticesSortedTopologicallyFromSources().stream()
                        .map(JobVertex::getOperatorIDs)
                        .flatMap(List::stream)
                        .map(OperatorIDPair::getGeneratedOperatorID)
                        .map(id -> UnclaimedState.describe(refusal(id.toHexString())))
                        .toList();

        // the source's, the sink writer's and the sink committer's
        assertThat(described).hasSize(3);
        assertThat(described)
                .filteredOn(d -> d.startsWith("it holds the state of the exactly-once commands"))
                .as("the writer's and the committer's")
                .hasSize(2)
                .allMatch(
                        d ->
                                d.equals(
                                        "it holds the state of the exactly-once commands sink"
                                                + " (uid commands-sink), which this job has not:"
                                                + " it was written with actuation.enabled: true,"
                                                + " and this run has actuation.enabled: false"
                                                + " (recommend-only discards the commands)"));
    }

    @Test
    void anotherOperatorsStateNamesBothLikelyChanges() {
        assertThat(UnclaimedState.describe(refusal("0a448493b4782967b150582570326227")))
                .startsWith(
                        "it holds state this job has no operator for, such as the offsets of a"
                                + " Kafka topic it no longer reads (a topics.* option changed")
                .endsWith(
                        "or the exactly-once commands sink's (actuation.enabled was true and is"
                                + " now false)");
    }
}
