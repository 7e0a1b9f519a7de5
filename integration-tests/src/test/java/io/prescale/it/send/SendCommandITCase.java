package io.prescale.it.send;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.kafka.TopicSnapshot;
import io.prescale.it.services.BrokerCommands;
import io.prescale.it.services.KafkaService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prescale send} against a real broker: overrides keyed by scope, feedback and samples by
 * entity, a tombstone for {@code --delete}, and nothing at all when one line is refused.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SendCommandITCase {
    @RegisterExtension static final KafkaService KAFKA = new KafkaService();

    private static final String VM7 =
            "{\"v\":1,\"scope\":\"vm-7\",\"tier\":0,\"min\":10,\"max\":80}";
    private static final String ACME =
            "{\"v\":1,\"scope\":\"tenant:acme\",\"targetViolation\":0.02,\"pool\":\"batch\"}";
    private static final String HINT =
            "{\"v\":1,\"type\":\"hint\",\"entity\":\"vm-7\",\"metric\":\"cpu_pct\",\"amount\":60,"
                    + "\"from\":\"2024-03-01T12:00:00Z\",\"to\":\"2024-03-01T13:00:00Z\"}";
    private static final String RATING =
            "{\"v\":1,\"type\":\"rating\",\"entity\":\"vm-8\",\"metric\":\"cpu_pct\","
                    + "\"forecastIssuedAt\":\"2024-03-01T12:00:00Z\",\"score\":4,\"comment\":\"\"}";

    @TempDir Path dir;
    private final StringWriter err = new StringWriter();

    @Test
    void overridesAreKeyedByTheirScope() throws IOException {
        String topic = KAFKA.createTopic("config", 2, true);
        Path f = Files.write(dir.resolve("overrides.jsonl"), List.of(VM7, "", "  " + ACME));

        assertThat(send("overrides", "--topic", topic, "--file", f.toString())).isZero();

        assertThat(keyedRecords(topic))
                .containsExactlyInAnyOrder("vm-7=" + VM7, "tenant:acme=" + ACME);
        assertThat(err.toString())
                .contains("prescale send: sent 2 overrides to " + topic)
                .contains("all acknowledged (acks=all)")
                .contains(
                        "prescale send: each override replaces its scope's earlier one whole: a"
                                + " field it leaves out is inherited again (from the tenant's"
                                + " override, then the job's options), not kept from the earlier"
                                + " override")
                .doesNotContain("note:");
    }

    @Test
    void feedbackFromStandardInputIsKeyedByItsEntityOnTheJobsTopic() {
        String topic = KAFKA.createTopic("feedback", 2, false);
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream((HINT + "\n" + RATING + "\n").getBytes(UTF_8)));
            // the job's topic option names it, as it would for the job
            assertThat(send("feedback", "-Dtopics.feedback=" + topic)).isZero();
        } finally {
            System.setIn(stdin);
        }

        assertThat(keyedRecords(topic)).containsExactlyInAnyOrder("vm-7=" + HINT, "vm-8=" + RATING);
        assertThat(err.toString())
                .contains("prescale send: sent 1 hint, 1 rating to " + topic)
                .doesNotContain("replaces");
    }

    /**
     * Samples (mended dead letters): each line a record of its own, its bytes as written, keyed by
     * its entity as an agent keys its samples, on the job's metrics topic.
     */
    @Test
    void samplesAreKeyedByTheirEntityOnTheJobsMetricsTopic() throws IOException {
        String topic = KAFKA.createTopic("metrics", 2, false);
        long now = System.currentTimeMillis();
        String json =
                "{\"v\":1,\"entity\":\"vm-7\",\"ts\":" + now + ",\"metrics\":{\"cpu_pct\":5}}";
        String line = "cpu,host=vm-8 pct=7 " + now * 1_000_000;
        Path f = Files.write(dir.resolve("samples.jsonl"), List.of(json, "# mended", line));

        assertThat(send("metrics", "-Dtopics.metrics=" + topic, "--file", f.toString())).isZero();

        assertThat(keyedRecords(topic)).containsExactlyInAnyOrder("vm-7=" + json, "vm-8=" + line);
        assertThat(err.toString())
                .contains("prescale send: sent 2 samples to " + topic)
                .doesNotContain("note:");
    }

    @Test
    void deleteSendsTheScopesTombstoneAndAnUncompactedTopicIsNoted() {
        String topic = KAFKA.createTopic("config-plain", 1, false);

        assertThat(
                        send(
                                "overrides",
                                "--topic",
                                topic,
                                "--delete",
                                "vm-7",
                                "--delete",
                                "tenant:acme"))
                .isZero();

        assertThat(keyedRecords(topic)).containsExactly("vm-7=null", "tenant:acme=null");
        assertThat(err.toString())
                .contains("prescale send: note: topic " + topic + " is not compacted")
                .contains("sent 2 tombstones to " + topic)
                .doesNotContain("replaces");
    }

    @Test
    void oneRefusedLineAndNothingIsSent() throws IOException {
        String topic = KAFKA.createTopic("config-refused", 1, true);
        String zeroLead = "{\"v\":1,\"scope\":\"vm-9\",\"leadTime\":\"PT0S\"}";
        Path f = Files.write(dir.resolve("overrides.jsonl"), List.of(VM7, zeroLead, ACME));

        assertThat(send("overrides", "--topic", topic, "--file", f.toString())).isEqualTo(1);

        assertThat(err.toString())
                .contains(f + " line 2: bad override: leadTime must be positive")
                .contains("nothing sent: 1 of 3 records refused");
        assertThat(keyedRecords(topic)).isEmpty();
    }

    @Test
    void aMissingTopicIsNamed() throws IOException {
        Path f = Files.write(dir.resolve("overrides.jsonl"), List.of(VM7));

        assertThat(send("overrides", "--topic", "no-such-topic", "--file", f.toString())).isOne();

        assertThat(err.toString()).contains("has no topic no-such-topic");
    }

    /** Every record on {@code topic} as "key=value" ("key=null" for a tombstone). */
    private static List<String> keyedRecords(String topic) {
        return TopicSnapshot.readRecords(
                KAFKA.bootstrapServers(),
                topic,
                r ->
                        new String(r.key(), UTF_8)
                                + "="
                                + (r.value() == null ? null : new String(r.value(), UTF_8)),
                Duration.ofSeconds(30));
    }

    private int send(String... args) {
        return BrokerCommands.run(err, "send", KAFKA.bootstrapServers(), args);
    }
}
