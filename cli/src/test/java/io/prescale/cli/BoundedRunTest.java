package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.infra.EmbeddedKafka;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A run that ends by itself ({@code kafka.bounded}) says so on standard output, in one line. */
class BoundedRunTest {
    private static final Instant START = Instant.parse("2017-01-01T00:00:00Z");
    private static final int SAMPLES_PER_ENTITY = 36;

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

    /** Replays two entities' samples, then runs the job over them to the end. */
    @Test
    @Timeout(300)
    void aBoundedRunEndsWithTheFinishedLine() throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,entity,metric,value\n");
        for (int t = 0; t < SAMPLES_PER_ENTITY; t++) {
            for (String entity : new String[] {"vm-1", "vm-2"}) {
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
            kafka.createTopics(InfraCommand.TOPICS);
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
                            "1",
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
                                    + " pointsAccepted 72, recordsDeadLettered 0, .*");
            assertThat(err.toString())
                    .contains("prescale run: " + LocalJob.FINISHED_NOTE)
                    .containsPattern(
                            "prescale run: job [0-9a-f]{32}; Flink's REST API at"
                                    + " http://127.0.0.1:[0-9]+ ");
        }
    }
}
