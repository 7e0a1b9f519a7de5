package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.model.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptionRangesTest {
    /** A value out of range (or of the wrong kind) for every job option, the rest at defaults. */
    private static final Map<String, String> BAD = bad();

    @TempDir Path dir;

    private static Map<String, String> bad() {
        Map<String, String> bad = new TreeMap<>();
        bad.put("kafka.bootstrap-servers", " ");
        bad.put("kafka.group-id", "");
        bad.put("kafka.bounded", "maybe");
        bad.put("kafka.outage-timeout", "10s");
        bad.put("kafka.transactional-id-prefix", "");
        bad.put("topics.metrics", "");
        bad.put("topics.deadletter", "prescale.metrics");
        bad.put("topics.windows", " ");
        bad.put("topics.forecasts", "prescale.windows");
        bad.put("topics.commands", "");
        bad.put("topics.actuations", "prescale.commands");
        bad.put("topics.feedback", "prescale.alerts");
        bad.put("topics.config", "");
        bad.put("topics.alerts", "prescale.config");
        bad.put("window.size", "0s");
        bad.put("watermark.out-of-orderness", "-1s");
        bad.put("watermark.idleness", "0s");
        bad.put("watermark.resume-hold", "-1s");
        bad.put("parser.entity-tag", "");
        bad.put("parser.tenant-tag", "host");
        bad.put("parser.line-protocol-precision", "m");
        bad.put("parser.max-payload-bytes", "0");
        bad.put("parser.max-past-skew", "-1s");
        bad.put("parser.max-future-skew", "-1s");
        bad.put("influx.url", "udp://127.0.0.1:8089");
        bad.put("influx.database", "");
        bad.put("influx.batch-size", "0");
        bad.put("influx.max-entity-tags", "-1");
        bad.put("influx.entity-buckets", "0");
        bad.put("influx.max-retries", "-1");
        bad.put("influx.initial-backoff", "0s");
        bad.put("influx.max-buffered-points", "10");
        bad.put("checkpoint.interval", "0s");
        bad.put("execution.checkpointing.dir", "");
        bad.put("execution.checkpointing.tolerable-failed-checkpoints", "-1");
        bad.put("execution.checkpointing.timeout", "0s");
        bad.put("execution.checkpointing.incremental", "maybe");
        bad.put("state.backend.type", "forst");
        bad.put("allocation.demand-metric", "");
        bad.put("allocation.resource", "cpu\\");
        bad.put("allocation.unit", " ");
        bad.put("allocation.resources", "cpu");
        bad.put("allocation.target-violation", "0.9");
        bad.put("allocation.lead-steps", "0");
        bad.put("allocation.lease", "0s");
        bad.put("allocation.pool", "batch\\");
        bad.put("allocation.tier", "-1");
        bad.put("allocation.tiers", "a:-1");
        bad.put("actuation.enabled", "maybe");
        bad.put("actuator.group-id", "");
        bad.put("actuator.backend", "ssh");
        bad.put("actuator.process-pool.command", " ");
        bad.put("actuator.process-pool.max-processes", "0");
        bad.put("actuator.process-pool.grace-period", "-1s");
        bad.put("actuator.process-pool.resource", "replicas");
        bad.put("actuator.process-pool.amount-per-worker", "-1");
        bad.put("actuator.process-pool.state-dir", "");
        bad.put("actuator.process-pool.start-check", "-1s");
        bad.put("actuator.webhook.url", "ftp://127.0.0.1/scale");
        bad.put("actuator.webhook.secret", "");
        bad.put("actuator.webhook.connect-timeout", "0s");
        bad.put("actuator.webhook.read-timeout", "0s");
        bad.put("actuator.kubernetes.namespace", "");
        bad.put("actuator.kubernetes.entity-label", "prescale.io/shadow-pool");
        bad.put("actuator.kubernetes.shadow-label", "");
        bad.put("actuator.retries", "-1");
        bad.put("actuator.initial-backoff", "0s");
        bad.put("actuator.max-backoff", "100ms");
        bad.put("actuator.version-ttl", "0s");
        bad.put("capacity.limits", "default/cpu:-4");
        bad.put("capacity.quanta", "cpu:1");
        bad.put("capacity.shadow-decay", "1");
        bad.put("capacity.shadow-commands", "maybe");
        bad.put("capacity.shadow-min-change", "1.5");
        bad.put("capacity.state-ttl", "0s");
        bad.put("session.inactivity-timeout", "1min");
        bad.put("session.class-pattern", "((");
        bad.put("session.reclass-steps", "0");
        bad.put("session.reclass-min-pressure", "-1");
        bad.put("alerts.raise-above", "0");
        bad.put("alerts.clear-below", "0.99");
        bad.put("alerts.critical-above", "2");
        bad.put("alerts.suppression", "-1s");
        bad.put("alerts.state-ttl", "0s");
        bad.put("forecast.horizons", "1000");
        bad.put("forecast.quantiles", "0.3");
        bad.put("forecast.output-horizons", "13");
        bad.put("forecast.window-statistic", "MEDIAN");
        bad.put("forecast.state-ttl", "0s");
        bad.put("ledger.ttl", "0s");
        bad.put("feedback.remembered-forecasts", "0");
        return bad;
    }

    /** So that an option added without a bad value here fails the build. */
    @Test
    void everyOptionHasABadValueHere() {
        assertThat(BAD.keySet()).containsExactlyInAnyOrderElementsOf(JobConfig.knownKeys());
    }

    static Stream<Arguments> badValues() {
        return BAD.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    /**
     * Whichever job reads the option, and whether or not its backend or sink is on (the log
     * backend, no influx.url here), a bad value stops the start naming the option.
     */
    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badValues")
    void aBadValueIsRefusedNamingItsOption(String key, String value) {
        assertThatThrownBy(() -> JobConfig.fromArgs("-D" + key + "=" + value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key);
    }

    /** The values a tester found refused only once the job ran, or named by a field. */
    @Test
    void messagesNameTheKeysAndTheValue() {
        assertRefused("alerts.state-ttl must be above 0, was 0 ms", "-Dalerts.state-ttl=0s");
        // the lists' numbers as the single values': no double holds them, or not ASCII digits
        assertRefused(
                "option 'capacity.limits': value of 'default/cpu', '1e-400', is nearer 0 than a"
                        + " number can be (about 4.9e-324) but is not 0",
                "-Dcapacity.limits=default/cpu:1e-400");
        assertRefused(
                "option 'capacity.quanta': value of 'default/cpu', '1e400', is beyond the range of"
                        + " a number (about 1.8e308)",
                "-Dcapacity.quanta=default/cpu:1e400");
        assertRefused(
                "forecast.quantiles: '1e-400' is nearer 0 than a number can be (about 4.9e-324)"
                        + " but is not 0 (in '0.5,1e-400')",
                "-Dforecast.quantiles=0.5,1e-400");
        assertRefused(
                "option 'allocation.tiers': value of 'vm-1' is not a whole number: '\u0661'",
                "-Dallocation.tiers=vm-1:\u0661");
        // blanks around a list's colons and commas: the whole value was read as one key
        assertThat(
                        JobConfig.fromArgs("-Dcapacity.limits=default/cpu:5,batch/cpu : 7")
                                .get(JobOptions.CAPACITY_LIMITS))
                .containsOnly(
                        java.util.Map.entry("default/cpu", "5"),
                        java.util.Map.entry("batch/cpu", "7"));
        assertThat(
                        JobConfig.fromArgs("-Dallocation.tiers=ea:2 , eb : 1")
                                .get(JobOptions.ALLOCATION_TIERS))
                .containsOnly(java.util.Map.entry("ea", "2"), java.util.Map.entry("eb", "1"));
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dforecast.output-horizons=2,\u0663"))
                .hasMessageContaining("'\u0663' is not a whole number");
        // the state it drops holds the last alerts that suppression compares with
        assertRefused(
                "alerts.state-ttl must be at least alerts.suppression = 30 min, was 1 min",
                "-Dalerts.state-ttl=1min");
        assertThat(JobConfig.fromArgs("-Dalerts.state-ttl=1min", "-Dalerts.suppression=0s"))
                .isNotNull();
        assertRefused(
                "alerts.state-ttl must be at least alerts.suppression = 2 d, was 1 d (its default;"
                        + " set it too when raising alerts.suppression)",
                "-Dalerts.suppression=2d");
        assertRefused(
                "actuator.version-ttl must be above 0, was 0 ms", "-Dactuator.version-ttl=0s");
        assertRefused("kafka.group-id must not be blank, was ''", "-Dkafka.group-id=");
        assertRefused("ledger.ttl must be above 0, was 0 ms", "-Dledger.ttl=0s");
        assertRefused("allocation.lease must be above 0, was 0 ms", "-Dallocation.lease=0s");
        assertRefused("forecast.horizons must be in [1, 64], was 1000", "-Dforecast.horizons=1000");
        assertRefused(
                "forecast.horizons must be at least allocation.lead-steps = 3, was 2",
                "-Dforecast.horizons=2",
                "-Dallocation.lead-steps=3");
        assertRefused(
                "alerts.clear-below must be in [0, alerts.raise-above = 0.5], was 0.7",
                "-Dalerts.raise-above=0.5",
                "-Dalerts.clear-below=0.7");
        assertRefused(
                "alerts.critical-above must be in [0, 1], was 2", "-Dalerts.critical-above=2");
        assertRefused(
                "alerts.critical-above must be at least alerts.raise-above = 0.995, was 0.99 (its"
                        + " default; set it too when raising alerts.raise-above)",
                "-Dalerts.raise-above=0.995");
        assertRefused(
                "alerts.critical-above must be at least alerts.raise-above = 0.9, was 0.8",
                "-Dalerts.raise-above=0.9",
                "-Dalerts.critical-above=0.8");
        assertRefused(
                "session.class-pattern must be a regular expression, was '((' (Unclosed group"
                        + " near index 2)",
                "-Dsession.class-pattern=((");
        assertRefused("session.reclass-steps must be >= 1, was 0", "-Dsession.reclass-steps=0");
        assertRefused("actuator.retries must be >= 0, was -1", "-Dactuator.retries=-1");
        assertRefused(
                "option 'capacity.limits': value of 'default/cpu' must be in [0, 1e18], was -4",
                "-Dcapacity.limits=default/cpu:-4");
        assertRefused(
                "option 'capacity.quanta': value of 'default/cpu' must be in [0, 1e18], was 1e19",
                "-Dcapacity.quanta=default/cpu:1e19");
        assertRefused("capacity.state-ttl must be above 0, was 0 ms", "-Dcapacity.state-ttl=0s");
        assertRefused(
                "actuator.process-pool.amount-per-worker must be finite and > 0, was -1",
                "-Dactuator.process-pool.amount-per-worker=-1");
        assertRefused(
                "influx.initial-backoff must be above 0, was 0 ms", "-Dinflux.initial-backoff=0s");
        assertRefused(
                "actuator.max-backoff must be at least actuator.initial-backoff = 200 ms, was 100 ms",
                "-Dactuator.max-backoff=100ms");
    }

    /**
     * The topics a command that sends samples refuses (model's TopicNames, which the agent sees
     * too) are the job's other topics by their default names and options, and its samples topic is
     * topics.metrics' default.
     */
    @Test
    void theTopicsNotForSamplesAreTheJobsOtherTopics() {
        Map<String, String> others = new TreeMap<>();
        for (var topic : JobOptions.TOPICS) {
            if (topic != JobOptions.TOPIC_METRICS) {
                others.put(topic.defaultValue(), topic.key());
            }
        }
        assertThat(TopicNames.NOT_FOR_SAMPLES).containsExactlyInAnyOrderEntriesOf(others);
        assertThat(TopicNames.METRICS).isEqualTo(JobOptions.TOPIC_METRICS.defaultValue());
    }

    @Test
    void twoOptionsNamingOneTopicAreBothNamed() {
        assertRefused(
                "topics.metrics and topics.feedback both name the topic 'prescale.feedback'; each"
                        + " must name its own",
                "-Dtopics.metrics=prescale.feedback");
        assertRefused(
                "topics.metrics, topics.feedback and topics.alerts all name the topic"
                        + " 'prescale.alerts'; each must name its own",
                "-Dtopics.metrics=prescale.alerts",
                "-Dtopics.feedback=prescale.alerts");
    }

    /** A name Kafka refuses was told later as a missing topic, a control character printed raw. */
    @Test
    void aTopicOptionIsAKafkaTopicName() {
        assertRefused(
                "topics.metrics must be a Kafka topic name, 1-249 of [a-zA-Z0-9._-], was"
                        + " 'prescale.metrics?'",
                "-Dtopics.metrics=prescale.metrics\u0001");
        assertRefused(
                "topics.deadletter must be a Kafka topic name, 1-249 of [a-zA-Z0-9._-], was 'dead"
                        + " letters'",
                "-Dtopics.deadletter=dead letters");
    }

    /** YAML itself refuses a key twice in one mapping, not once nested and once with dots. */
    @Test
    void anOptionGivenTwiceInOneFileIsRefused() throws Exception {
        Path yaml =
                Files.writeString(
                        dir.resolve("twice.yaml"),
                        "allocation:\n  target-violation: 0.02\nallocation.target-violation: 0.03\n");
        assertRefused(
                "config file " + yaml + " gives option 'allocation.target-violation' twice",
                "--config",
                yaml.toString());
        // a file and an override, or two files, may give it each: the later wins
        Path other =
                Files.writeString(dir.resolve("other.yaml"), "allocation.target-violation: 0.04\n");
        assertThat(
                        JobConfig.fromArgs(
                                        "--config",
                                        other.toString(),
                                        "-Dallocation.target-violation=0.05")
                                .get(JobOptions.TARGET_VIOLATION))
                .isEqualTo(0.05);
    }

    private static void assertRefused(String message, String... args) {
        assertThatThrownBy(() -> JobConfig.fromArgs(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
