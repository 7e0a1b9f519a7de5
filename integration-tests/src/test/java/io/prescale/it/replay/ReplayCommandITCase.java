package io.prescale.it.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.it.services.BrokerCommands;
import io.prescale.it.services.KafkaConsumers;
import io.prescale.it.services.KafkaService;
import io.prescale.model.MetricSample;
import io.prescale.model.ParseResult;
import io.prescale.model.ParserConfig;
import io.prescale.model.SampleParser;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code prescale replay} against a real broker: the trace's samples as the job accepts them. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ReplayCommandITCase {
    @RegisterExtension static final KafkaService KAFKA = new KafkaService();

    private static final SampleParser PARSER = new SampleParser(ParserConfig.defaults());

    @TempDir Path dir;
    private final StringWriter err = new StringWriter();

    @Test
    void aTracesSamplesReachTheTopicOnePerEntityAndTimestamp() throws IOException {
        String topic = KAFKA.createTopic("replay", 2, false);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.HOURS);
        Path trace = trace(t0, 3, 4);

        assertThat(replay("--trace", trace.toString(), "--topic", topic)).isZero();

        List<String> records = KafkaConsumers.committedText(KAFKA.bootstrapServers(), topic);
        assertThat(records).hasSize(3 * 4);
        for (String r : records) {
            ParseResult parsed = PARSER.parse(r.getBytes(StandardCharsets.UTF_8), Instant.now());
            assertThat(parsed.rejections()).isEmpty();
            MetricSample s = parsed.samples().get(0);
            assertThat(s.metrics()).containsOnlyKeys("cpu_max_pct", "mem_pct");
        }
        assertThat(err.toString())
                .contains("prescale replay: 12 samples of 3 entities")
                .contains("sent 12 of 12")
                .doesNotContain("max-past-skew")
                .contains(
                        "note: the trace has no cpu_pct, the job's default"
                                + " allocation.demand-metric; unless the job runs with"
                                + " -Dallocation.demand-metric=NAME (the trace's: cpu_max_pct,"
                                + " mem_pct)");
    }

    /**
     * A shuffled trace is reported with its true span and sent in time order, as the job takes it:
     * it was sent in file order (most of it late for the job) and reported from its first row to
     * its last.
     */
    @Test
    void aShuffledTraceIsSentInTimeOrderAndReportedWithItsSpan() throws IOException {
        String topic = KAFKA.createTopic("replay-shuffled", 1, false);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.HOURS);
        Path trace = trace(t0, 2, 10);
        List<String> rows = new ArrayList<>(Files.readAllLines(trace));
        String header = rows.remove(0);
        Collections.shuffle(rows, new Random(3));
        rows.add(0, header);
        Files.write(trace, rows);

        assertThat(replay("--trace", trace.toString(), "--topic", topic)).isZero();

        List<Instant> sent =
                KafkaConsumers.committedText(KAFKA.bootstrapServers(), topic).stream()
                        .map(r -> PARSER.parse(r.getBytes(StandardCharsets.UTF_8), Instant.now()))
                        .map(p -> p.samples().get(0).ts())
                        .toList();
        assertThat(sent).hasSize(2 * 10).isSorted();
        assertThat(err.toString())
                .contains(
                        "prescale replay: 20 samples of 2 entities, "
                                + t0
                                + " to "
                                + t0.plusSeconds(300L * 9));
    }

    @Test
    void theFirstEntitiesOnlyAndANoteOnOldSamples() throws IOException {
        String topic = KAFKA.createTopic("replay-old", 1, false);
        Path trace = trace(Instant.parse("2017-01-01T00:00:00Z"), 3, 2);

        assertThat(replay("--trace", trace.toString(), "--topic", topic, "--entities", "2"))
                .isZero();

        assertThat(KafkaConsumers.committedText(KAFKA.bootstrapServers(), topic)).hasSize(2 * 2);
        assertThat(err.toString())
                .contains("prescale replay: 4 samples of 2 entities, ")
                .contains("-Dparser.max-past-skew=0");

        // more entities asked for than the trace has: said so (it was silent)
        String all = KAFKA.createTopic("replay-all", 1, false);
        assertThat(replay("--trace", trace.toString(), "--topic", all, "--entities", "99"))
                .isZero();
        assertThat(err.toString())
                .contains("6 samples of 3 entities (--entities 99: the trace has no more), ");
    }

    /** {@code --tenants} gives the listed entities' samples their tenant, the others none. */
    @Test
    void listedEntitiesCarryTheirTenant() throws IOException {
        String topic = KAFKA.createTopic("replay-tenants", 1, false);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.HOURS);
        Path trace = trace(t0, 3, 2);
        Path tenants =
                Files.writeString(dir.resolve("tenants.csv"), "vm-0,gold\nvm-1,bronze\nvm-9,x\n");

        assertThat(
                        replay(
                                "--trace",
                                trace.toString(),
                                "--topic",
                                topic,
                                "--tenants",
                                tenants.toString()))
                .isZero();

        List<MetricSample> sent =
                KafkaConsumers.committedText(KAFKA.bootstrapServers(), topic).stream()
                        .map(r -> PARSER.parse(r.getBytes(StandardCharsets.UTF_8), Instant.now()))
                        .map(p -> p.samples().get(0))
                        .toList();
        assertThat(sent)
                .hasSize(3 * 2)
                .allSatisfy(
                        s ->
                                assertThat(s.tenant())
                                        .isEqualTo(
                                                switch (s.entity()) {
                                                    case "vm-0" -> "gold";
                                                    case "vm-1" -> "bronze";
                                                    default -> null;
                                                }));
        assertThat(err.toString())
                .contains(
                        "prescale replay: tenants from "
                                + tenants
                                + " for 2 entities of 3; not in the trace: 1 listed entity");
    }

    /**
     * {@code prescale read} shows what replay sent: one line a record, by entity, up to a limit.
     */
    @Test
    void readPrintsTheTopicsRecordsOfOneEntityUpToALimit() throws IOException {
        String topic = KAFKA.createTopic("read", 2, false);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.HOURS);
        assertThat(replay("--trace", trace(t0, 3, 4).toString(), "--topic", topic)).isZero();

        StringWriter out = new StringWriter();
        String bootstrap = KAFKA.bootstrapServers();
        assertThat(
                        BrokerCommands.run(
                                out, err, "read", bootstrap, "--topic", topic, "--entity", "vm-1"))
                .isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines)
                .hasSize(4)
                .allSatisfy(l -> assertThat(l).contains(" vm-1 {").contains("\"entity\":\"vm-1\""));
        assertThat(err.toString()).contains("prescale read: 4 record(s) of " + topic);

        StringWriter two = new StringWriter();
        assertThat(
                        BrokerCommands.run(
                                two, err, "read", bootstrap, "--topic", topic, "--limit", "2"))
                .isZero();
        assertThat(two.toString().lines()).hasSize(2);
    }

    @Test
    void aMissingTopicIsNamedBeforeAnythingIsSent() throws IOException {
        Path trace = trace(Instant.now(), 1, 1);

        assertThat(replay("--trace", trace.toString(), "--topic", "no-such-topic")).isOne();

        assertThat(err.toString()).contains("no-such-topic");
    }

    private int replay(String... args) {
        return BrokerCommands.run(err, "replay", KAFKA.bootstrapServers(), args);
    }

    /** {@code entities} entities with two metrics at {@code steps} 5-minute steps from t0. */
    private Path trace(Instant t0, int entities, int steps) throws IOException {
        StringBuilder b = new StringBuilder("timestamp,entity,metric,value\n");
        for (int t = 0; t < steps; t++) {
            for (int e = 0; e < entities; e++) {
                Instant at = t0.plusSeconds(300L * t);
                b.append(at)
                        .append(",vm-")
                        .append(e)
                        .append(",cpu_max_pct,")
                        .append(10 + t)
                        .append('\n');
                b.append(at)
                        .append(",vm-")
                        .append(e)
                        .append(",mem_pct,")
                        .append(20 + e)
                        .append('\n');
            }
        }
        return Files.writeString(dir.resolve("trace.csv"), b);
    }
}
