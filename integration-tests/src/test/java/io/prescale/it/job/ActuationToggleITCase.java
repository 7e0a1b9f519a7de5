package io.prescale.it.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.it.pipeline.Pipeline;
import io.prescale.it.pipeline.PipelineTopics;
import io.prescale.it.services.KafkaService;
import io.prescale.it.services.MiniClusters;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thirty-ninth tester's cautious operator: the scaling job runs recommend-only ({@code
 * actuation.enabled: false}), is stopped with a savepoint and started from it with actuation on.
 * The savepoint restores (the sinks' ids no longer depend on whether the commands sink has a
 * committer), the job runs, and its commands continue the restored policies: none is a cold start,
 * and each entity's versions rise without a repeat.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ActuationToggleITCase {
    private static final Path TRACE = TestData.shared("azure-vm-2017.csv.gz");
    private static final Instant NOON = Instant.parse("2017-01-01T12:00:00Z");
    private static final Instant DAY_END = Instant.parse("2017-01-02T00:00:00Z");

    @RegisterExtension static final KafkaService KAFKA = new KafkaService();
    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(4);

    private final List<JobClient> jobs = new ArrayList<>();

    @AfterEach
    void stopJobs() throws Exception {
        Pipeline.stop(jobs);
    }

    @Test
    void aRecommendOnlySavepointRestoresIntoTheActuatingJob(@TempDir Path savepoints)
            throws Exception {
        PipelineTopics topics = PipelineTopics.create(KAFKA);
        List<String> options = List.of("-Dallocation.demand-metric=cpu_max_pct");
        Pipeline recommend =
                Pipeline.withoutInflux(
                        KAFKA.bootstrapServers(),
                        topics,
                        List.of(options.get(0), "-Dactuation.enabled=false"));
        var day = Pipeline.slice(TRACE, 2, DAY_END);
        JobClient first = recommend.startScaling(false);
        recommend.replay(day.stream().filter(s -> s.ts().isBefore(NOON)).toList());
        awaitStable(() -> recommend.read(topics.windows(), WindowAggregate.class).size());
        assertThat(recommend.read(topics.commands(), ScaleCommand.class))
                .as("recommend-only sends nothing")
                .isEmpty();
        String savepoint =
                first.stopWithSavepoint(false, savepoints.toString(), SavepointFormatType.CANONICAL)
                        .get(2, TimeUnit.MINUTES);

        Pipeline actuate = Pipeline.withoutInflux(KAFKA.bootstrapServers(), topics, options);
        JobClient second = actuate.startScalingFrom(savepoint);
        jobs.add(second);
        actuate.replay(day.stream().filter(s -> !s.ts().isBefore(NOON)).toList());
        awaitStable(() -> actuate.read(topics.commands(), ScaleCommand.class).size());

        assertThat(second.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
        List<ScaleCommand> commands = actuate.read(topics.commands(), ScaleCommand.class);
        assertThat(commands).isNotEmpty();
        assertThat(commands)
                .as("the restored policies decide: no cold start")
                .noneSatisfy(c -> assertThat(c.reason()).contains("COLD_START"));
        Map<String, Long> last = new TreeMap<>();
        for (ScaleCommand c : commands) {
            String key = c.entity() + "/" + c.resource();
            Long before = last.put(key, c.version());
            assertThat(before == null || before < c.version())
                    .as("versions of %s rise: %s then %s", key, before, c.version())
                    .isTrue();
        }
    }

    /** Waits until {@code count} is above 0 and has not changed for 5 s. */
    private static void awaitStable(IntSupplier count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        int last = -1;
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int now = count.getAsInt();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (now > 0 && System.nanoTime() - since > Duration.ofSeconds(5).toNanos()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("did not settle within 3 min: " + last);
    }
}
