package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.jobs.JobConfig;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prescale run} and {@code prescale actuate} hand their job options to the jobs' own reader:
 * each bad option below fails in the job's validation, before any checkpoint directory or service
 * is touched, with a message that could only come from the option having reached it. A bad option
 * is a usage error: the message naming it, then the command's usage, exit code 2 (as the jobs' own
 * mains); a run that fails after its options were read exits 1.
 */
class LocalJobCommandsTest {
    @TempDir Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CliRun.run(new StringWriter(), err, args);
    }

    /** Exit code 2, {@code message} on the first line and the command's usage after it. */
    private void assertUsageError(String command, String message, String... args) {
        err.getBuffer().setLength(0);
        assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
        assertThat(err.toString())
                .startsWith(message)
                .contains("\nUsage: prescale " + command + " ")
                .doesNotContain("prescale " + command + ": ");
    }

    @Test
    void recommendOnlyModeIsSaidOnTheStartLine() {
        assertThat(RunCommand.mode(JobConfig.fromArgs("-Dactuation.enabled=false")))
                .startsWith("; RECOMMEND-ONLY (actuation.enabled: false)")
                .doesNotContain("InfluxDB")
                .endsWith("none is sent to prescale.commands");
        assertThat(
                        RunCommand.mode(
                                JobConfig.fromArgs(
                                        "-Dactuation.enabled=false",
                                        "-Dinflux.url=http://127.0.0.1:8086")))
                .contains("computed, counted and written to InfluxDB, none is sent");
        assertThat(RunCommand.mode(JobConfig.fromArgs())).isEmpty();
    }

    @Test
    void anUnknownKeyIsAUsageError() {
        assertUsageError(
                "run",
                "unknown option 'window.sise' (from -Dwindow.sise=...); did you mean"
                        + " 'window.size'?\n",
                "run",
                "-Dwindow.sise=5m");
        assertUsageError(
                "actuate",
                "unknown option 'colour' (from --colour)",
                "actuate",
                "--colour",
                "blue");
    }

    @Test
    void aBadValueOfAKnownKeyIsAUsageError() {
        assertUsageError(
                "run",
                "option 'window.size' has a bad value: 'abc' is not a duration (a number and a unit,",
                "run",
                "-Dwindow.size=abc");
        assertUsageError(
                "run",
                "option 'checkpoint.interval' has a bad value: '-5s' is negative, and a duration may not be",
                "run",
                "-Dcheckpoint.interval=-5s");
        assertUsageError(
                "actuate",
                "checkpoint.interval must be at least 10 ms (Flink's least), was 5 ms",
                "actuate",
                "--checkpoint.interval",
                "5ms");
        assertUsageError(
                "run",
                "execution.checkpointing.timeout must be at least 10 ms (Flink's least), was 0 ms",
                "run",
                "-Dexecution.checkpointing.timeout=0s");
    }

    /**
     * A bootstrap address the Kafka client refuses before connecting is a bad value too, named with
     * the client's reason (it was the run's failure, exit code 1).
     */
    @Test
    void aBootstrapAddressTheClientRefusesIsAUsageError() {
        assertUsageError(
                "run",
                "kafka.bootstrap-servers nohost cannot be used: Invalid url in bootstrap.servers:"
                        + " nohost; give host:port of a running broker",
                "run",
                "-Dkafka.bootstrap-servers=nohost");
        assertUsageError(
                "actuate",
                "kafka.bootstrap-servers no-such-host.invalid:9092 cannot be used: ",
                "actuate",
                "-Dkafka.bootstrap-servers=no-such-host.invalid:9092");
    }

    /** Values the job's settings refuse, past the option reader: the job is made first. */
    @Test
    void aValueTheJobRefusesIsAUsageError() {
        assertUsageError(
                "run",
                "allocation.target-violation must be in [0.0001, 0.5], was 2",
                "run",
                "--parallelism",
                "1",
                "--allocation.target-violation",
                "2");
        assertUsageError(
                "run",
                "influx.max-entity-tags must be >= 0, was -1",
                "run",
                "-Dinflux.max-entity-tags=-1");
        assertUsageError(
                "actuate",
                "actuator.backend must be log, process-pool, webhook or kubernetes, was"
                        + " 'teleport'",
                "actuate",
                "-Dactuator.backend=teleport");
        // the ranges an operator would refuse only once running, restarting for ever
        assertUsageError(
                "run",
                "alerts.state-ttl must be above 0, was 0 ms",
                "run",
                "-Dalerts.state-ttl=0s");
        assertUsageError(
                "actuate",
                "actuator.version-ttl must be above 0, was 0 ms",
                "actuate",
                "-Dactuator.version-ttl=0s");
        assertUsageError(
                "run", "kafka.group-id must not be blank, was ''", "run", "-Dkafka.group-id=");
        assertUsageError(
                "run",
                "topics.metrics, topics.feedback and topics.alerts all name the topic"
                        + " 'prescale.alerts'; each must name its own",
                "run",
                "-Dtopics.metrics=prescale.alerts",
                "-Dtopics.feedback=prescale.alerts");
    }

    @Test
    void aConfigFileThatCannotBeReadIsAUsageError() throws Exception {
        Path none = dir.resolve("none.yaml");
        assertUsageError(
                "run",
                "config file " + none + " does not exist",
                "run",
                "--config",
                none.toString());
        assertUsageError(
                "actuate",
                "config file " + dir + " is a directory, not a file",
                "actuate",
                "--config",
                dir.toString());
        Path broken = Files.writeString(dir.resolve("job.yaml"), "window.size: [5m\n");
        assertUsageError(
                "run",
                "config file " + broken + " is not valid YAML: ",
                "run",
                "--config",
                broken.toString());
        Path locked = Files.writeString(dir.resolve("locked.yaml"), "window.size: 5m\n");
        Files.setPosixFilePermissions(locked, Set.of());
        Assumptions.assumeFalse(Files.isReadable(locked), "root reads a file whatever its mode");
        assertUsageError(
                "run",
                "config file " + locked + " is not readable",
                "run",
                "--config",
                locked.toString());
    }

    @Test
    void parallelismMustBePositive() {
        assertUsageError("run", "--parallelism must be >= 1, was 0\n", "run", "--parallelism", "0");
        assertUsageError(
                "actuate",
                "--parallelism must be >= 1, was -1\n",
                "actuate",
                "--parallelism",
                "-1");
        // the thirty-eighth tester's slip was refused with the list of every job option
        assertUsageError(
                "run",
                "unknown option --parallelsim: did you mean --parallelism (an option of prescale"
                        + " run)?\n",
                "run",
                "--parallelsim",
                "2");
    }

    /** The job options are read before the checkpoint directory is created or locked. */
    @Test
    void aBadOptionLeavesTheCheckpointDirectoryAlone() {
        Path checkpoints = dir.resolve("checkpoints");
        String option = "-Dexecution.checkpointing.dir=" + checkpoints.toUri();
        assertThat(run("actuate", option, "-Dactuator.backend=teleport")).isEqualTo(2);
        assertThat(run("run", option, "-Dinflux.max-entity-tags=-1")).isEqualTo(2);
        assertThat(checkpoints).doesNotExist();
    }

    /** A checkpoint directory that cannot be used fails the run (exit 1), without the usage. */
    @Test
    void aRunThatFailsExits1() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "");
        String option = "-Dexecution.checkpointing.dir=" + file.resolve("checkpoints").toUri();
        assertThat(run("run", option, "-Dkafka.bootstrap-servers=127.0.0.1:1")).isEqualTo(1);
        assertThat(err.toString())
                .startsWith("prescale run: the checkpoint directory ")
                .contains(file + " is a file, not a directory")
                .doesNotContain("Usage:");
    }
}
