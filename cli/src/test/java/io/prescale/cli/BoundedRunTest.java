package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.infra.EmbeddedKafka;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A run that ends by itself ({@code kafka.bounded}) says so on standard output, in one line. */
class BoundedRunTest {
    private static final Instant START = Instant.parse("2017-01-01T00:00:00Z");
    private static final int SAMPLES_PER_ENTITY = 36;

    /** Entities whose keys spread over both partitions of prescale.metrics. */
    private static final String[] ENTITIES = {"vm-1", "vm-2", "vm-3", "vm-4", "vm-5", "vm-6"};

    @TempDir Path dir;

    @Test
    void theFinishedLineSaysHowLongTheJobRanAndItsCounts() {
        JobID job = new JobID(1, 2);
        assertThat(
                        LocalJob.finished(
                                "prescale run: ",
                                job,
                                Duration.ofMillis(12_345),
                                Optional.of("pointsAccepted 72")))
                .isEqualTo("prescale run: finished in 12.3 s (job " + job + "): pointsAccepted 72");
        assertThat(LocalJob.finished("prescale run: ", job, Duration.ZERO, Optional.empty()))
                .isEqualTo("prescale run: finished in 0.0 s (job " + job + ")");
    }

    /**
     * Replays two entities' samples, then runs the job over them to the end, at parallelism 2 over
     * the two partitions of prescale.metrics: both partitions' end offsets are committed for the
     * consumer group, so the next run reads on from there (a tester's next run read one partition
     * again: its source subtask had finished before the last checkpoint, which committed the other
     * alone).
     */
    @Test
    @Timeout(300)
    void aBoundedRunEndsWithTheFinishedLine() throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,entity,metric,value\n");
        for (int t = 0; t < SAMPLES_PER_ENTITY; t++) {
            for (String entity : ENTITIES) {
                csv.append(START.plusSeconds(300L * t))
                        .append(',')
                        .append(entity)
                        .append(",cpu_pct,")
                        .append(40 + t % 7)
                        .append('\n');
            }
        }
        Path trace = Files.writeString(dir.resolve("trace.csv"), csv);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            kafka.createTopics(InfraCommand.topics(new Configuration()));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            assertThat(
                            CliRun.run(
                                    out,
                                    err,
                                    "replay",
                                    "--trace",
                                    trace.toString(),
                                    "--bootstrap",
                                    bootstrap))
                    .as(err.toString())
                    .isZero();
            out.getBuffer().setLength(0);

            int exit =
                    CliRun.run(
                            out,
                            err,
                            "run",
                            "--parallelism",
                            "2",
                            "-Dkafka.bootstrap-servers=" + bootstrap,
                            "-Dkafka.bounded=true",
                            "-Dparser.max-past-skew=0",
                            "-Dexecution.checkpointing.dir=" + dir.resolve("checkpoints").toUri());

            assertThat(exit).as(err.toString()).isZero();
            assertThat(out.toString().lines())
                    .singleElement()
                    .asString()
                    .matches(
                            "prescale run: finished in \\d+\\.\\d s \\(job [0-9a-f]{32}\\):"
                                    + " pointsAccepted 216, recordsDeadLettered 0, .*");
            assertThat(err.toString())
                    .contains("prescale run: " + LocalJob.FINISHED_NOTE)
                    .containsPattern(
                            "prescale run: job [0-9a-f]{32}; Flink's REST API at"
                                    + " http://127.0.0.1:[0-9]+ ");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets("prescale-scaling")
                                .partitionsToOffsetAndMetadata()
                                .get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (int p = 0; p < 2; p++) {
                    latest.put(new TopicPartition("prescale.metrics", p), OffsetSpec.latest());
                }
                assertThat(committed).as("both partitions have samples").hasSize(2);
                admin.listOffsets(latest)
                        .all()
                        .get()
                        .forEach(
                                (tp, end) ->
                                        assertThat(committed.get(tp).offset())
                                                .as("%s", tp)
                                                .isEqualTo(end.offset())
                                                .isPositive());
            }
        }
    }
}
