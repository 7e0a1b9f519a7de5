package io.prescale.it.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.replay.TraceSamples;
import io.prescale.it.pipeline.Pipeline;
import io.prescale.it.pipeline.PipelineTopics;
import io.prescale.it.services.FlinkRestMetrics;
import io.prescale.it.services.KafkaService;
import io.prescale.it.services.MiniClusters;
import io.prescale.model.ScaleCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A running scaling job that waits, idle, for its first samples (as a deployed job waits for its
 * agents) still turns every window into allocation decisions and commands. Its metrics source goes
 * idle after {@code watermark.idleness} (1 s here); when data comes, the raw samples' path to the
 * allocation operator (tenants) must not carry event time past the windows still on their way:
 * every window reaches the allocation operator before its event time does (Flink metric {@code
 * windowsBehindWatermark} = 0), else the arbiter's rounds for it are already due and run late, or
 * at the end of a replay never. Before the fix 24 of the first 30 windows arrived behind it, and in
 * some runs no command came at all.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class IdleStartITCase {
    private static final Path TRACE = TestData.shared("azure-vm-2017.csv.gz");
    private static final Instant DAY_END = Instant.parse("2017-01-02T00:00:00Z");

    /** Several idleness periods of the source before the first sample. */
    private static final Duration IDLE_BEFORE_DATA = Duration.ofSeconds(10);

    @RegisterExtension static final KafkaService KAFKA = new KafkaService();
    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(4);

    private final List<JobClient> jobs = new ArrayList<>();

    @AfterEach
    void stopJobs() throws Exception {
        Pipeline.stop(jobs);
    }

    @Test
    void windowsAfterAnIdleStartBecomeCommands(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        PipelineTopics topics = PipelineTopics.create(KAFKA);
        Pipeline pipeline =
                Pipeline.withoutInflux(
                        KAFKA.bootstrapServers(),
                        topics,
                        List.of(
                                "-Dwindow.size=15m",
                                "-Dwatermark.idleness=1s",
                                "-Dallocation.demand-metric=cpu_max_pct",
                                "-Dactuator.backend=log"));
        List<String> vms = TraceSamples.firstEntities(TRACE, 3);
        var day = Pipeline.slice(TRACE, 3, DAY_END);
        jobs.add(pipeline.startActuator(false));
        JobClient scaling = pipeline.startScaling(false);
        jobs.add(scaling);
        awaitRunning(scaling);
        Thread.sleep(IDLE_BEFORE_DATA.toMillis()); // the scenario: no data yet, the source idles

        pipeline.replay(day);
        pipeline.awaitSettled(Duration.ofSeconds(5), Duration.ofMinutes(3));

        Map<String, Instant> lastNeededBy = new TreeMap<>();
        for (ScaleCommand c : pipeline.read(topics.commands(), ScaleCommand.class)) {
            lastNeededBy.merge(c.entity(), c.neededBy(), (a, b) -> a.isAfter(b) ? a : b);
        }
        assertThat(lastNeededBy).as("VMs with commands").containsOnlyKeys(vms);
        // the last windows stay open (no watermark beyond the data); the steps were decided to
        // near the end. A command goes out only when an allocation changes, and one VM may hold
        // its allocation for hours (the backtest of this slice holds vm-1035359's from 19:15 to
        // the end of the day), so the latest command of any VM shows how far decisions went
        assertThat(lastNeededBy.values().stream().max(Instant::compareTo).orElseThrow())
                .isAfter(DAY_END.minus(Duration.ofHours(2)));
        FlinkRestMetrics rest = new FlinkRestMetrics(cluster.getRestAddress().get());
        assertThat(rest.await(scaling.getJobID(), "allocation", "allocationRequests"))
                .as("requests of the allocation operator")
                .isPositive();
        assertThat(rest.await(scaling.getJobID(), "allocation", "windowsBehindWatermark"))
                .as("windows that reached the allocation operator behind its event time")
                .isZero();
    }

    private static void awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (job.getJobStatus().get(10, TimeUnit.SECONDS) != JobStatus.RUNNING) {
            assertThat(System.nanoTime()).as("job running within a minute").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
