package io.prescale.it.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.it.pipeline.Pipeline;
import io.prescale.it.pipeline.PipelineTopics;
import io.prescale.it.services.KafkaService;
import io.prescale.it.services.MiniClusters;
import io.prescale.model.MetricSample;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RECLASS at parallelism 2, in a replay: six entities whose cpu climbs for five hours, then levels
 * off while their memory climbs. Each entity's two metrics are windowed by different subtasks,
 * which run steps apart through the burst; every entity still gets its one move, cpu to memory,
 * once the memory climb has led for {@code session.reclass-steps} steps (the fortieth tester's six
 * entities got 2 RECLASS of 6 when a step was compared only if both windows of it were in when the
 * entity's next step began).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReclassParallelITCase {
    private static final Instant T0 = Instant.parse("2017-01-01T00:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(5);
    private static final int STEPS = 120;
    private static final int MOVE = 60;

    @RegisterExtension static final KafkaService KAFKA = new KafkaService();
    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

    @Test
    void everyEntityGetsItsMoveAtParallelismTwo() throws Exception {
        PipelineTopics topics = PipelineTopics.create(KAFKA);
        Pipeline p =
                Pipeline.withoutInflux(
                        KAFKA.bootstrapServers(),
                        topics,
                        List.of(
                                "-Dwindow.size=5 min",
                                "-Dallocation.resources=cpu:cpu_pct:pct,memory:mem_pct:pct"));
        p.replay(samples(6));
        p.startScaling(true, 2).getJobExecutionResult().get(4, TimeUnit.MINUTES);

        Map<String, List<ScaleCommand>> moves = new TreeMap<>();
        for (ScaleCommand c : p.read(topics.commands(), ScaleCommand.class)) {
            if (c.action() == ScaleAction.RECLASS) {
                moves.computeIfAbsent(c.entity(), e -> new ArrayList<>()).add(c);
            }
        }
        assertThat(moves).as("one RECLASS per entity").hasSize(6);
        Instant move = T0.plus(STEP.multipliedBy(MOVE));
        for (List<ScaleCommand> m : moves.values()) {
            assertThat(m).hasSize(1);
            assertThat(m.get(0).reason())
                    .startsWith("RECLASS bottleneck cpu -> memory (pressure cpu=")
                    .doesNotContainIgnoringCase("nan");
            assertThat(m.get(0).neededBy()).isAfter(move).isBefore(move.plus(Duration.ofHours(2)));
        }
    }

    /**
     * One sample per entity and step with both metrics: cpu climbs 6 % a step until {@link #MOVE}
     * and then stays level with noise; memory the other way round.
     */
    private static List<MetricSample> samples(int entities) {
        List<MetricSample> out = new ArrayList<>();
        for (int e = 0; e < entities; e++) {
            Random r = new Random(e);
            double cpu = 10;
            double mem = 10;
            for (int t = 0; t < STEPS; t++) {
                cpu = t < MOVE ? cpu * 1.06 : 60 + r.nextGaussian();
                mem = t < MOVE ? 10 + r.nextGaussian() : mem * 1.06;
                out.add(
                        new MetricSample(
                                "vm-" + e,
                                null,
                                T0.plus(STEP.multipliedBy(t)).plusSeconds(30),
                                Map.of("cpu_pct", cpu, "mem_pct", mem),
                                Map.of()));
            }
        }
        out.sort(Comparator.comparing(MetricSample::ts));
        return out;
    }
}
