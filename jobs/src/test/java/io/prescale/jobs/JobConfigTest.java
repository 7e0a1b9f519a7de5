package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.StateBackendLoader;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {
    @TempDir Path dir;

    @Test
    void yamlThenOverridesInOrder() throws Exception {
        Path yaml = dir.resolve("job.yaml");
        Files.writeString(yaml, "window:\n  size: 10 min\nkafka.bootstrap-servers: a:1\n");
        Configuration conf =
                JobConfig.fromArgs("--config", yaml.toString(), "-Dkafka.bootstrap-servers=b:2");
        assertThat(conf.get(JobOptions.WINDOW_SIZE)).isEqualTo(Duration.ofMinutes(10));
        assertThat(conf.get(JobOptions.KAFKA_BOOTSTRAP)).isEqualTo("b:2");
        // as prescale send and infra topics name the file
        assertThat(JobConfig.fromArgs("--job-config", yaml.toString()).get(JobOptions.WINDOW_SIZE))
                .isEqualTo(Duration.ofMinutes(10));
        // and the forms picocli's commands take: --key=value, --config=FILE, -D key=value
        Configuration spelt =
                JobConfig.fromArgs(
                        "--config=" + yaml, "--window.size=15 min", "-D", "kafka.group-id=g");
        assertThat(spelt.get(JobOptions.WINDOW_SIZE)).isEqualTo(Duration.ofMinutes(15));
        assertThat(spelt.get(JobOptions.KAFKA_BOOTSTRAP)).isEqualTo("a:1");
        assertThat(spelt.get(JobOptions.KAFKA_GROUP_ID)).isEqualTo("g");
    }

    /** An override overrides a file wherever the two stand on the command line. */
    @Test
    void anOverrideBeforeTheFileStillOverridesIt() throws Exception {
        Path yaml = dir.resolve("job.yaml");
        Files.writeString(yaml, "kafka.bootstrap-servers: a:1\n");
        Configuration conf =
                JobConfig.fromArgs("-Dkafka.bootstrap-servers=b:2", "--config", yaml.toString());
        assertThat(conf.get(JobOptions.KAFKA_BOOTSTRAP)).isEqualTo("b:2");
    }

    /** The README's example of a config file is one the job loads, as it says. */
    @Test
    void theReadmesYamlExampleLoads() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```yaml\n") + "```yaml\n".length();
        Path yaml =
                Files.writeString(
                        dir.resolve("readme.yaml"),
                        readme.substring(start, readme.indexOf("```", start)));

        Configuration conf = JobConfig.fromArgs("--config", yaml.toString());

        assertThat(conf.get(JobOptions.WINDOW_SIZE)).isEqualTo(Duration.ofMinutes(5));
        assertThat(conf.get(JobOptions.KAFKA_BOOTSTRAP)).isEqualTo("127.0.0.1:9092");
        assertThat(conf.get(JobOptions.ACTUATION_ENABLED)).isFalse();
    }

    @Test
    void anUnknownFlagIsUnknownNotShortOfAValue() {
        assertThatThrownBy(() -> JobConfig.fromArgs("--bogus-flag"))
                .hasMessageContaining("unknown option 'bogus-flag' (from --bogus-flag)");
    }

    @Test
    void aBadValueIsShownWithTheOptionsDefault() {
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dwindow.size=abc"))
                .hasMessageContaining("option 'window.size' has a bad value")
                .hasMessageEndingWith("; a value of its kind: 5 min (its default)");
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dforecast.window-statistic=MEDIAN"))
                .hasMessageEndingWith("; one of COUNT, MEAN, MAX, P95 (its default MAX)");
    }

    @Test
    void aYamlOneOneBooleanIsRefusedAsNeitherTrueNorFalse() throws Exception {
        Path file = Files.writeString(dir.resolve("yes.yaml"), "actuation:\n  enabled: no\n");
        assertThatThrownBy(() -> JobConfig.fromArgs("--config", file.toString()))
                .hasMessageContaining("option 'actuation.enabled' has a bad value")
                .hasMessageEndingWith("; true or false (its default true) (from " + file + ")");
    }

    @Test
    void namesUnknownKeysAndBadValues() {
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dwindow.sise=5m"))
                .hasMessageEndingWith(
                        "unknown option 'window.sise' (from -Dwindow.sise=...); did you mean"
                                + " 'window.size'?");
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dcolour=blue"))
                .hasMessageContaining("unknown option 'colour'")
                .hasMessageContaining(
                        "the options' families are actuation.*, actuator.*, alerts.*");
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dalerts.raise-threshold=0.9"))
                .hasMessageEndingWith(
                        "the alerts.* options are alerts.clear-below, alerts.critical-above,"
                                + " alerts.raise-above, alerts.state-ttl, alerts.suppression");
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dactuator.webhook.read-timeout=1000000000 d"))
                .hasMessage(
                        "option 'actuator.webhook.read-timeout' has a bad value: 1000000000 d is"
                                + " longer than 36500 d (100 years), the longest a duration may be;"
                                + " a value of its kind: 10 s (its default)");
        // what Java's parser reads but nobody means: Flink took them
        for (String java : new String[] {"0x1p-7", "0.05d", "5F"}) {
            assertThatThrownBy(() -> JobConfig.fromArgs("-Dallocation.target-violation=" + java))
                    .hasMessageStartingWith(
                            "option 'allocation.target-violation' has a bad value: '"
                                    + java
                                    + "' is not a decimal number (such as 0.05 or 1e-3)");
        }
        assertThat(
                        JobConfig.fromArgs("-Dallocation.target-violation= 5e-2 ")
                                .get(JobOptions.TARGET_VIOLATION))
                .isEqualTo(0.05);
        // blanks around a whole number too (Flink refused them), and Unicode digits refused
        assertThat(JobConfig.fromArgs("-Dallocation.lead-steps= 2 ").get(JobOptions.LEAD_STEPS))
                .isEqualTo(2);
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dallocation.lead-steps=\u0663"))
                .hasMessageStartingWith("option 'allocation.lead-steps' has a bad value");
        // a number no double holds: it was refused as "was 0.0"
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dallocation.target-violation=1e-400"))
                .hasMessageStartingWith(
                        "option 'allocation.target-violation' has a bad value: '1e-400' is nearer 0"
                                + " than a number can be (about 4.9e-324) but is not 0");
        assertThatThrownBy(() -> JobConfig.fromArgs("--window.size", "often"))
                .hasMessageContaining("option 'window.size' has a bad value");
        assertThatThrownBy(() -> JobConfig.fromArgs("--window.size"))
                .hasMessageContaining("option --window.size needs a value");
        assertThatThrownBy(
                        () -> JobConfig.fromArgs("--config", dir.resolve("nope.yaml").toString()))
                .hasMessageContaining("does not exist");
    }

    /**
     * The jobs' environment goes on after one failed checkpoint (Flink's default 0 restarted them
     * on the first); the option sets how many, and a negative number is refused at start-up.
     */
    @Test
    void theJobsEnvironmentToleratesOneFailedCheckpoint() {
        assertThat(tolerated(JobConfig.fromArgs())).isEqualTo(1);
        String key = "execution.checkpointing.tolerable-failed-checkpoints";
        assertThat(tolerated(JobConfig.fromArgs("-D" + key + "=0"))).isZero();
        assertThatThrownBy(() -> JobConfig.fromArgs("--" + key, "-1"))
                .hasMessage(key + " must be >= 0, was -1");
    }

    private static int tolerated(Configuration conf) {
        return checkpointConfig(conf).getTolerableCheckpointFailureNumber();
    }

    /**
     * The checkpoint timeout, which bounds with the failures tolerated how long the commands' Kafka
     * transaction stays open, is a job option set in the jobs' environment: 4 min by default (not
     * Flink's 10, see {@link CommandsTransactionWindow}), and refused at start-up below Flink's
     * least, 10 ms, naming the key (Flink's own message does not).
     */
    @Test
    void theJobsEnvironmentHasTheCheckpointTimeout() {
        assertThat(checkpointConfig(JobConfig.fromArgs()).getCheckpointTimeout())
                .isEqualTo(Duration.ofMinutes(4).toMillis());
        String key = "execution.checkpointing.timeout";
        Configuration conf = JobConfig.fromArgs("-D" + key + "=3 min");
        assertThat(JobConfig.environment(conf).get(CheckpointingOptions.CHECKPOINTING_TIMEOUT))
                .isEqualTo(Duration.ofMinutes(3));
        assertThat(checkpointConfig(conf).getCheckpointTimeout())
                .isEqualTo(Duration.ofMinutes(3).toMillis());
        assertThatThrownBy(() -> JobConfig.fromArgs("--" + key, "5 ms"))
                .hasMessage(key + " must be at least 10 ms (Flink's least), was 5 ms");
        assertThatThrownBy(() -> JobConfig.fromArgs("--" + key, "-1 min"))
                .hasMessageStartingWith("option '" + key + "' has a bad value");
    }

    /**
     * The ninth tester's Kafka outage: the producers' own 1 min {@code max.block.ms} (the commands
     * sink's next transaction, in the checkpoint) failed the job. {@code kafka.outage-timeout} sets
     * it and {@code delivery.timeout.ms}, 3 min by default, and is refused below 1 min.
     */
    @Test
    void theKafkaOutageTimeoutReachesTheProducersAndIsAtLeastAMinute() {
        assertThat(KafkaWiring.producerOutageSettings(JobConfig.fromArgs()))
                .containsOnly(
                        Map.entry("max.block.ms", "180000"),
                        Map.entry("delivery.timeout.ms", "180000"));
        assertThat(
                        KafkaWiring.producerOutageSettings(
                                JobConfig.fromArgs("-Dkafka.outage-timeout=2 min")))
                .containsEntry("max.block.ms", "120000");
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dkafka.outage-timeout=30 s"))
                .hasMessage(
                        "kafka.outage-timeout must be at least 1 min (twice the producers'"
                                + " request timeout), was 30 s");
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dkafka.outage-timeout=30 d"))
                .hasMessage(
                        "kafka.outage-timeout must be at most 24 d (the producers' timeouts are an"
                                + " int of milliseconds, 2147483647 ms), was 30 d");
        assertThat(
                        KafkaWiring.producerOutageSettings(
                                JobConfig.fromArgs("-Dkafka.outage-timeout=24 d")))
                .containsEntry("delivery.timeout.ms", "2073600000");
    }

    /**
     * The state backend and incremental checkpoints, Flink's own options, reach the jobs'
     * environment when given (in any case, from a file too) and stay out of it when not, so that a
     * cluster's own setting holds; the environment then loads RocksDB with incremental checkpoints.
     * A backend prescale does not run on is refused at start-up, naming the option and the value.
     */
    @Test
    void theStateBackendAndIncrementalCheckpointsReachTheEnvironmentWhenGiven() throws Exception {
        Configuration unset = JobConfig.environment(JobConfig.fromArgs());
        assertThat(unset.contains(StateBackendOptions.STATE_BACKEND)).isFalse();
        assertThat(unset.contains(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isFalse();

        Path yaml = dir.resolve("job.yaml");
        Files.writeString(
                yaml, "state.backend.type: RocksDB\nexecution.checkpointing.incremental: true\n");
        Configuration env = JobConfig.environment(JobConfig.fromArgs("--config", yaml.toString()));
        assertThat(env.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        StateBackend backend =
                StateBackendLoader.loadStateBackendFromConfig(
                        env, getClass().getClassLoader(), null);
        assertThat(backend).isInstanceOf(EmbeddedRocksDBStateBackend.class);
        assertThat(((EmbeddedRocksDBStateBackend) backend).isIncrementalCheckpointsEnabled())
                .isTrue();
        assertThat(
                        JobConfig.environment(JobConfig.fromArgs("-Dstate.backend.type=hashmap"))
                                .get(StateBackendOptions.STATE_BACKEND))
                .isEqualTo("hashmap");

        assertThatThrownBy(() -> JobConfig.fromArgs("-Dstate.backend.type=rocks"))
                .hasMessage("state.backend.type must be hashmap or rocksdb, was 'rocks'");
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dexecution.checkpointing.incremental=yes"))
                .hasMessageStartingWith(
                        "option 'execution.checkpointing.incremental' has a bad value");
    }

    private static CheckpointConfig checkpointConfig(Configuration conf) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(JobConfig.environment(conf));
        env.enableCheckpointing(10_000);
        return env.getCheckpointConfig();
    }

    /**
     * A bad value from a config file names the file (the eighty-ninth tester's {@code
     * actuation.enabled: off} in a file read the same as {@code -Dactuation.enabled=off}); one
     * given by an argument, over the file's, does not.
     */
    @Test
    void aBadValueNamesWhereItWasGiven() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "actuation.enabled: off\n");
        assertThatThrownBy(() -> JobConfig.fromArgs("--config", file.toString()))
                .hasMessageStartingWith("option 'actuation.enabled' has a bad value")
                .hasMessageEndingWith(" (from " + file + ")");
        assertThatThrownBy(
                        () ->
                                JobConfig.fromArgs(
                                        "--config", file.toString(), "-Dactuation.enabled=of"))
                .hasMessageStartingWith("option 'actuation.enabled' has a bad value")
                .hasMessageNotContaining(file.toString());
        // two options of one file: the file once
        Path both =
                Files.writeString(
                        dir.resolve("both.yaml"),
                        "alerts.raise-above: 0.5\nalerts.clear-below: 0.6\n");
        assertThatThrownBy(() -> JobConfig.fromArgs("--config", both.toString()))
                .hasMessageEndingWith(" (from " + both + ")");
        // a conflict of a file's option with an argument's names both sources
        Path timeout =
                Files.writeString(
                        dir.resolve("timeout.yaml"), "execution.checkpointing.timeout: 225 s\n");
        String tolerated = "execution.checkpointing.tolerable-failed-checkpoints";
        assertThatThrownBy(
                        () ->
                                JobConfig.fromArgs(
                                        "--config", timeout.toString(), "-D" + tolerated + "=3"))
                .hasMessageEndingWith(
                        " (execution.checkpointing.timeout from "
                                + timeout
                                + "; "
                                + tolerated
                                + " from -D"
                                + tolerated
                                + "=...)");
    }

    /**
     * The ninety-fifth tester's Latin-1 byte in a comment (and a UTF-16 file) was "not valid YAML:
     * java.nio.charset.MalformedInputException: Input length = 1": the line is named; a byte-order
     * mark is taken.
     */
    @Test
    void aByteThatIsNotUtf8IsNamedWithItsLine() throws Exception {
        Path latin =
                Files.write(
                        dir.resolve("latin.yaml"),
                        "window.size: 5 min\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> JobConfig.fromArgs("--config", latin.toString()))
                .hasMessageStartingWith(
                        "config file " + latin + " line 2 holds a byte that is not UTF-8");
        Path bom = Files.writeString(dir.resolve("bom.yaml"), "\uFEFFwindow.size: 10 min\n");
        assertThat(JobConfig.fromArgs("--config", bom.toString()).get(JobOptions.WINDOW_SIZE))
                .isEqualTo(Duration.ofMinutes(10));
    }

    /** A --config file is named with what keeps it from being read. */
    @Test
    void namesAConfigFileThatCannotBeRead() throws Exception {
        assertThatThrownBy(() -> JobConfig.fromArgs("--config", dir.toString()))
                .hasMessage("config file " + dir + " is a directory, not a file");
        Path locked = Files.writeString(dir.resolve("locked.yaml"), "window.size: 5m\n");
        Files.setPosixFilePermissions(locked, Set.of());
        Assumptions.assumeFalse(Files.isReadable(locked), "root reads a file whatever its mode");
        assertThatThrownBy(() -> JobConfig.fromArgs("--config", locked.toString()))
                .hasMessage("config file " + locked + " is not readable");
    }

    /**
     * A checkpoint directory without a URI scheme is a local directory: Flink's checkpoint storage
     * refuses it as given (only when the JobMaster starts, as "Could not start the JobMaster"), and
     * takes the absolute file: URI the environment makes of it. A URI stays as it is.
     */
    @Test
    void aPlainCheckpointDirectoryIsALocalOne() {
        String plain = dir.resolve("plain").toString();
        assertThatThrownBy(() -> new FileSystemCheckpointStorage(plain))
                .hasMessageContaining("The scheme (hdfs://, file://, etc) is null");

        assertThat(checkpointDirectory("-Dexecution.checkpointing.dir=" + plain))
                .isEqualTo("file://" + plain);
        assertThat(
                        new FileSystemCheckpointStorage(
                                        checkpointDirectory(
                                                "-Dexecution.checkpointing.dir=" + plain))
                                .getCheckpointPath())
                .isEqualTo(new org.apache.flink.core.fs.Path("file://" + plain));
        assertThat(checkpointDirectory("-Dexecution.checkpointing.dir=ckpt/../run"))
                .isEqualTo("file://" + Path.of("run").toAbsolutePath());
        assertThat(checkpointDirectory("-Dexecution.checkpointing.dir=file:/var/ckpt"))
                .isEqualTo("file:/var/ckpt");
        assertThat(checkpointDirectory("-Dexecution.checkpointing.dir=s3://bucket/ckpt"))
                .isEqualTo("s3://bucket/ckpt");
        assertThat(checkpointDirectory()).isNull();
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dexecution.checkpointing.dir= "))
                .hasMessage("execution.checkpointing.dir must name a directory, was empty");
    }

    private static String checkpointDirectory(String... args) {
        return JobConfig.environment(JobConfig.fromArgs(args))
                .get(CheckpointingOptions.CHECKPOINTS_DIRECTORY);
    }

    @Test
    void yamlMapsAndListsAreTheOptionsValues() throws Exception {
        Path yaml = dir.resolve("job.yaml");
        Files.writeString(
                yaml,
                "allocation:\n"
                        + "  tiers: {vm-1: 0, vm-2: 1}\n"
                        + "forecast.quantiles: [0.5, 0.9, 0.99]\n");
        Configuration conf = JobConfig.fromArgs("--config", yaml.toString());
        assertThat(conf.get(JobOptions.ALLOCATION_TIERS)).containsEntry("vm-1", "0");
        assertThat(conf.get(JobOptions.ALLOCATION_TIERS)).containsEntry("vm-2", "1");
        assertThat(JobSettings.from(conf).forecast().levels()).containsExactly(0.5, 0.9, 0.99);
    }

    @Test
    void aConfigFileThatIsNotAMappingOfOptionsIsNamed() throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "window.size: [5m\n");
        assertThatThrownBy(() -> JobConfig.fromArgs("--config", broken.toString()))
                .hasMessageStartingWith("config file " + broken + " is not valid YAML: ")
                .hasMessageContaining("line 1, column 14");
        // where and what, not the line: it may hold a secret (the fifty-seventh tester's did)
        Path secret = dir.resolve("secret.yaml");
        Files.writeString(secret, "actuator.webhook.secret: WhSecret_K7: [\n");
        assertThatThrownBy(() -> JobConfig.fromArgs("--config", secret.toString()))
                .hasMessageStartingWith("config file " + secret + " is not valid YAML: line ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("WhSecret"));
        Path list = dir.resolve("list.yaml");
        Files.writeString(list, "- window.size: 5m\n");
        assertThatThrownBy(() -> JobConfig.fromArgs("--config", list.toString()))
                .hasMessageContaining("list.yaml must map option keys to values");
        Path empty = dir.resolve("empty.yaml");
        Files.writeString(empty, "# nothing set\n");
        assertThat(JobConfig.fromArgs("--config", empty.toString()).get(JobOptions.WINDOW_SIZE))
                .isEqualTo(Duration.ofMinutes(5));
        Path blank = dir.resolve("blank.yaml");
        Files.writeString(blank, "window:\n  size:\n");
        assertThatThrownBy(() -> JobConfig.fromArgs("--config", blank.toString()))
                .hasMessage("option 'window.size' has no value (in " + blank + ")");
    }

    @Test
    void zeroSkewTurnsTheCheckOff() {
        IngestSettings s = IngestSettings.from(JobConfig.fromArgs("-Dparser.max-past-skew=0"));
        assertThat(s.parser().maxPastSkew()).isNull();
        assertThatThrownBy(() -> IngestSettings.from(JobConfig.fromArgs("-Dwindow.size=0")))
                .hasMessage(
                        "option 'window.size' is 0 ms; it must be at least 1 s (the least"
                                + " forecast step)");
    }

    /**
     * A tester wrote window.size: 300 for 300 s, which Flink read as 300 ms, and another
     * actuator.webhook.read-timeout: 10, which failed every command after 10 ms: a duration written
     * as a bare number is refused, saying what it would be and how to write it; 0 is 0 in any unit.
     */
    @Test
    void aDurationWrittenWithoutAUnitIsRefused(@TempDir Path dir) throws Exception {
        String refused =
                "option 'window.size' has a bad value: 300 has no unit, and would be 300 ms: write"
                        + " 5 min or 300 s, or 300 ms if milliseconds are meant; a value of its"
                        + " kind: 5 min (its default)";
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dwindow.size=300")).hasMessage(refused);
        Path yaml = dir.resolve("job.yaml");
        Files.writeString(yaml, "window.size: 300\n");
        assertThatThrownBy(() -> JobConfig.fromArgs("--config", yaml.toString()))
                .hasMessage(refused + " (from " + yaml + ")");
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dactuator.webhook.read-timeout=10"))
                .hasMessageContaining(
                        "'actuator.webhook.read-timeout' has a bad value: 10 has no unit, and"
                                + " would be 10 ms: write 10 s, or 10 ms if milliseconds are"
                                + " meant");
        assertThat(JobConfig.fromArgs("-Dparser.max-past-skew=0").get(JobOptions.MAX_PAST_SKEW))
                .isZero();
        // Flink's "Could not parse value 'X' for key 'K'" said what was wrong with X (129th tester)
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dforecast.horizons=1e1"))
                .hasMessage(
                        "option 'forecast.horizons' has a bad value: '1e1' is not a whole number"
                                + " (digits only, no exponent or point); a value of its kind: 12"
                                + " (its default)");
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dinflux.batch-size=99999999999"))
                .hasMessageStartingWith(
                        "option 'influx.batch-size' has a bad value: '99999999999' is too large"
                                + " a whole number; a value of its kind: 5000");
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dcapacity.shadow-decay=abc"))
                .hasMessageStartingWith(
                        "option 'capacity.shadow-decay' has a bad value: 'abc' is not a number;");
        // the thirty-sixth tester's '-5 min' read "Could not parse value"
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dalerts.suppression=-5 min"))
                .hasMessage(
                        "option 'alerts.suppression' has a bad value: '-5 min' is negative, and a"
                                + " duration may not be; a value of its kind: 30 min (its"
                                + " default)");
        // a unit written out: the least is said, as for any value
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dwindow.size=300ms"))
                .hasMessage(
                        "option 'window.size' is 300 ms; it must be at least 1 s (the least"
                                + " forecast step)");
    }

    /**
     * YAML scalars are read as written: a secret 2.50 is "2.50" and 4e9182 is not the number
     * Infinity (a tester's hex secrets), a number where text belongs is named as written.
     */
    @Test
    void yamlScalarsAreTakenAsWritten(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("job.yaml");
        Files.writeString(
                yaml,
                "actuator:\n"
                        + "  webhook:\n"
                        + "    secret: 2.50\n"
                        + "    url: http://127.0.0.1:9/x\n"
                        + "window.size: 5 min\n");
        Configuration conf = JobConfig.fromArgs("--config", yaml.toString());
        assertThat(conf.get(JobOptions.WEBHOOK_SECRET)).isEqualTo("2.50");
        Files.writeString(yaml, "actuator.webhook.secret: 4e9182\n");
        assertThat(JobConfig.fromArgs("--config", yaml.toString()).get(JobOptions.WEBHOOK_SECRET))
                .isEqualTo("4e9182");
        // a tester's !!binary secret became the text of a Java byte array
        Files.writeString(yaml, "actuator.webhook.secret: !!binary c2VjcmV0\n");
        assertThatThrownBy(() -> JobConfig.fromArgs("--config", yaml.toString()))
                .hasMessage(
                        "option 'actuator.webhook.secret' (in "
                                + yaml
                                + ") is a YAML !!binary value; write it as plain text");
    }

    @Test
    void boundedReplaysHaveNoIdleness() {
        assertThat(IngestSettings.from(JobConfig.fromArgs()).idleness())
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(IngestSettings.from(JobConfig.fromArgs("-Dkafka.bounded=true")).idleness())
                .isNull();
    }
}
