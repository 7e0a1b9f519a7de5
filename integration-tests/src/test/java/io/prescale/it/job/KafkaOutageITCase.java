package io.prescale.it.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.it.pipeline.Pipeline;
import io.prescale.it.pipeline.PipelineTopics;
import io.prescale.it.services.KafkaBrokerProcess;
import io.prescale.it.services.KafkaEndpoint;
import io.prescale.it.services.MiniClusters;
import io.prescale.it.services.ServiceSource;
import io.prescale.model.MetricSample;
import io.prescale.model.ScaleCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.ErrorInfo;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kafka broker outage of {@link #OUTAGE} under both running jobs (the ninth tester's finding: the
 * scaling job failed over about three times, its Kafka sources' coordinator failing when it could
 * not list the topics' partitions). The broker is a process of its own, stopped and started again
 * on the same port and log directory; the outage is longer than the old failure point (the side
 * inputs' partition discovery every minute, failing after the admin client's one-minute timeout).
 * Neither job restarts, and the commands of the samples sent after the outage follow those before
 * it with no duplicate and no missing version.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class KafkaOutageITCase {
    private static final Path TRACE = TestData.shared("azure-vm-2017.csv.gz");
    private static final Instant OUTAGE_AT = Instant.parse("2017-01-02T00:00:00Z");
    private static final Instant END = Instant.parse("2017-01-03T00:00:00Z");
    private static final Duration OUTAGE = Duration.ofSeconds(150);

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(4);

    @TempDir Path brokerDir;

    private final List<JobClient> jobs = new ArrayList<>();

    @AfterEach
    void stopJobs() throws Exception {
        Pipeline.stop(jobs);
    }

    @Test
    void neitherJobRestartsAndNoVersionIsLostOrRepeated(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(brokerDir)) {
            KafkaEndpoint kafka = new KafkaEndpoint(broker.bootstrapServers(), ServiceSource.LOCAL);
            Pipeline pipeline =
                    Pipeline.withoutInflux(
                            broker.bootstrapServers(),
                            PipelineTopics.create(kafka),
                            List.of(
                                    "-Dwindow.size=15m",
                                    "-Dallocation.demand-metric=cpu_max_pct",
                                    "-Dactuator.backend=log"));
            List<MetricSample> day = Pipeline.slice(TRACE, 6, END);
            jobs.add(pipeline.startActuator(false));
            jobs.add(pipeline.startScaling(false));
            pipeline.replay(day.stream().filter(s -> s.ts().isBefore(OUTAGE_AT)).toList());
            Pipeline.Settled before =
                    pipeline.awaitSettled(Duration.ofSeconds(5), Duration.ofMinutes(3));

            broker.stop();
            Thread.sleep(OUTAGE.toMillis());
            broker.start();
            pipeline.replay(day.stream().filter(s -> !s.ts().isBefore(OUTAGE_AT)).toList());
            Pipeline.Settled after =
                    pipeline.awaitSettled(Duration.ofSeconds(10), Duration.ofMinutes(4));

            assertThat(after.commands())
                    .as("commands after the outage")
                    .isGreaterThan(before.commands());
            for (JobClient job : jobs) {
                assertNeverRestarted(cluster, job);
            }
            Map<String, List<Long>> versions =
                    CommandVersions.byEntityAndResource(
                            pipeline.read(pipeline.topics().commands(), ScaleCommand.class));
            assertThat(versions).as("entities and resources commanded").isNotEmpty();
            CommandVersions.assertOneRunEach(versions);
        }
    }

    private static void assertNeverRestarted(MiniCluster cluster, JobClient job) throws Exception {
        AccessExecutionGraph graph =
                cluster.getExecutionGraph(job.getJobID()).get(30, TimeUnit.SECONDS);
        ErrorInfo failure = graph.getFailureInfo();
        assertThat(graph.getStatusTimestamp(JobStatus.RESTARTING))
                .as(
                        "job %s restarted; its last failure: %s",
                        graph.getJobName(),
                        failure == null ? "none" : failure.getExceptionAsString())
                .isZero();
        assertThat(graph.getState()).isEqualTo(JobStatus.RUNNING);
    }
}
