package io.prescale.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.AgentCommand;
import io.prescale.it.services.KafkaService;
import io.prescale.model.MetricSample;
import io.prescale.model.ParseResult;
import io.prescale.model.ParserConfig;
import io.prescale.model.SampleParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code prescale agent} against a real broker: what it publishes is what the job accepts. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AgentITCase {
    @RegisterExtension static final KafkaService KAFKA = new KafkaService();

    private static final SampleParser PARSER = new SampleParser(ParserConfig.defaults());

    /** Runs the agent in this JVM and returns its exit code and its stderr. */
    private static Run agent(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = new CommandLine(new AgentCommand()).execute(args);
        } finally {
            System.setErr(original);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        original.print(text);
        return new Run(code, text);
    }

    private record Run(int code, String stderr) {
        List<String> progress() {
            return stderr.lines().filter(l -> l.startsWith("published ")).toList();
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int atLeast) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG, "agent-it-" + topic,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                                ByteArrayDeserializer.class.getName(),
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                                ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.size() < atLeast && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static MetricSample accepted(ConsumerRecord<byte[], byte[]> record) {
        ParseResult r = PARSER.parse(record.value(), Instant.now());
        assertThat(r.rejections()).isEmpty();
        assertThat(r.samples()).hasSize(1);
        MetricSample s = r.samples().get(0);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(s.entity());
        return s;
    }

    @Test
    void hostSamplesReachTheTopicAndTheParserAcceptsThem() {
        String topic = KAFKA.createTopic("agent-host", 2, false);
        Run run =
                agent(
                        "--bootstrap", KAFKA.bootstrapServers(),
                        "--topic", topic,
                        "--interval", "1s",
                        "--count", "3",
                        "--tenant", "it");
        assertThat(run.code()).isZero();
        assertThat(run.progress())
                .containsExactly(
                        "published 1 sample, 0 failed",
                        "published 1 sample, 0 failed",
                        "published 1 sample, 0 failed");
        assertThat(run.stderr())
                .contains("prescale agent: stopped after 3 rounds: published 3 samples, 0 failed");

        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic, 3);
        assertThat(records).hasSize(3);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            MetricSample s = accepted(record);
            assertThat(s.tenant()).isEqualTo("it");
            assertThat(s.labels()).containsEntry("source", "prescale-agent");
            assertThat(s.metrics()).containsKeys("cpu_pct", "mem_used_bytes", "mem_used_pct");
            assertThat(s.metrics().get("cpu_pct")).isBetween(0.0, 100.0);
            assertThat(s.metrics().get("mem_used_pct")).isBetween(0.0, 100.0);
            assertThat(s.metrics().get("mem_used_bytes")).isPositive();
            assertThat(s.metrics().values()).allMatch(v -> Double.isFinite(v) && v >= 0);
        }
        assertThat(records.stream().map(r -> accepted(r).ts()).distinct()).hasSize(3);
    }

    @Test
    void processEntitiesAreNamedAfterHostNameAndPid() {
        String topic = KAFKA.createTopic("agent-process", 1, false);
        long pid = ProcessHandle.current().pid();
        Run run =
                agent(
                        "--bootstrap", KAFKA.bootstrapServers(),
                        "--topic", topic,
                        "--interval", "1s",
                        "--count", "2",
                        "--entity-by", "process",
                        "--match", "java");
        assertThat(run.code()).isZero();
        assertThat(run.progress()).hasSize(2).allMatch(l -> l.endsWith(", 0 failed"));

        List<MetricSample> samples = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : readAll(topic, 2)) {
            samples.add(accepted(record));
        }
        assertThat(samples)
                .anySatisfy(
                        s -> {
                            assertThat(s.entity()).contains("/").endsWith("-" + pid);
                            assertThat(s.metrics()).containsKeys("cpu_pct", "mem_used_bytes");
                        });
    }

    /**
     * Said within {@link io.prescale.agent} BrokerCheck's 10 s, naming the address and what to do;
     * it was Kafka's "Topic prescale.metrics not present in metadata after N ms", after three
     * intervals per sample.
     */
    @Test
    void anUnreachableBrokerIsNamedWithWhatToDoAndFailsTheRun() {
        // nothing listens on port 1 (as in AgentTest)
        int port = 1;
        long start = System.nanoTime();
        Run run =
                agent(
                        "--bootstrap", "127.0.0.1:" + port,
                        "--interval", "20s",
                        "--count", "2");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.progress()).isEmpty();
        assertThat(run.stderr())
                .contains(
                        "prescale agent: no Kafka broker answers at 127.0.0.1:"
                                + port
                                + " within 10 s: start one (./prescale infra up")
                .contains("or give --bootstrap HOST:PORT of a running broker")
                .doesNotContain("not present in metadata");
    }

    /** The test brokers do not create topics on first use (KafkaService). */
    @Test
    void aMissingTopicOnABrokerThatAnswersIsNamed() {
        Run run =
                agent(
                        "--bootstrap", KAFKA.bootstrapServers(),
                        "--topic", "agent-no-such-topic",
                        "--interval", "20s",
                        "--count", "1");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.stderr())
                .contains(
                        "prescale agent: the Kafka broker at "
                                + KAFKA.bootstrapServers()
                                + " answers but has no topic agent-no-such-topic and does not"
                                + " create topics on first use: create it (prescale infra topics");
    }

    @Test
    void anAddressTheClientRefusesIsAUsageError() {
        Run run = agent("--bootstrap", "no-such-host.invalid:9092", "--count", "1");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.stderr())
                .contains("--bootstrap no-such-host.invalid:9092 cannot be used: ")
                .contains("; give host:port of a running broker");
    }

    @Test
    void badArgumentsExitTwo() {
        Run run = agent("--bootstrap", KAFKA.bootstrapServers(), "--interval", "soon");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.stderr()).contains("--interval");
    }
}
