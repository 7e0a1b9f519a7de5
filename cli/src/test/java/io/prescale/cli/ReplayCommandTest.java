package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.replay.TenantFile;
import io.prescale.model.MetricSample;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prescale replay}'s options, and its trace, are checked before it asks the broker anything.
 */
class ReplayCommandTest {
    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void aMissingTraceIsAUsageError() {
        assertThat(CliRun.run(out, err, "replay", "--trace", dir.resolve("nope.csv").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--trace " + dir.resolve("nope.csv") + ": no such");
    }

    /** The sixty-fifth tester's one -5 was sent without a word; the job lost that step. */
    @Test
    void valuesBelowZeroAreNotedPerMetric() {
        Instant t = Instant.parse("2017-01-01T00:00:00Z");
        StringWriter notes = new StringWriter();
        ReplayCommand.notNegative(
                List.of(
                        new MetricSample("vm", null, t, Map.of("cpu", -5.0, "mem", 1.0), Map.of()),
                        new MetricSample(
                                "vm", null, t.plusSeconds(300), Map.of("cpu", 2.0), Map.of())),
                new PrintWriter(notes, true));
        assertThat(notes.toString())
                .startsWith(
                        "prescale replay: note: values below 0 (cpu: 1): the scaling job"
                                + " dead-letters a sample whose demand metric");

        StringWriter none = new StringWriter();
        ReplayCommand.notNegative(
                List.of(new MetricSample("vm", null, t, Map.of("cpu", 0.0), Map.of())),
                new PrintWriter(none, true));
        assertThat(none.toString()).isEmpty();
    }

    /** A bad line of the --tenants file is a usage error naming the file and the line. */
    @Test
    void aBadTenantsFileIsNamedByLine() throws IOException {
        Path noComma =
                Files.writeString(dir.resolve("a.csv"), "# entity,tenant\nvm-1,gold\nvm-2\n");
        assertThat(replay("--tenants", noComma.toString())).isEqualTo(2);
        assertThat(err.toString())
                .contains("--tenants " + noComma + ":3: want ENTITY,TENANT, was 'vm-2'");
        Path twice = Files.writeString(dir.resolve("b.csv"), "vm-1,gold\nvm-1, silver\n");
        assertThat(replay("--tenants", twice.toString())).isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        twice
                                + ":2: entity 'vm-1' is given tenant 'silver' and, on an earlier"
                                + " line, 'gold'");
        assertThat(replay("--tenants", dir.resolve("none.csv").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--tenants " + dir.resolve("none.csv") + ": no such");
        // the ninety-fifth tester's Latin-1 file was "cannot be read: Input length = 1"
        Path latin =
                Files.write(
                        dir.resolve("latin.csv"),
                        "vm-1,gold\nvm-2,t\u00e9am\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(replay("--tenants", latin.toString())).isEqualTo(2);
        assertThat(err.toString())
                .contains("--tenants " + latin + ":2: holds a byte that is not UTF-8");
        // and a byte-order mark was part of the first entity
        Path bom = Files.writeString(dir.resolve("bom.csv"), "\uFEFFvm-1,gold\n");
        assertThat(TenantFile.read(bom)).containsOnlyKeys("vm-1");
    }

    /** {@code prescale replay --trace T MORE...} of an empty trace. */
    private int replay(String... more) throws IOException {
        Path trace = Files.writeString(dir.resolve("t.csv"), "timestamp,entity,metric,value\n");
        List<String> args = new ArrayList<>(List.of("replay", "--trace", trace.toString()));
        args.addAll(List.of(more));
        return CliRun.run(out, err, args.toArray(String[]::new));
    }

    /**
     * A trace the job would partly refuse is refused whole (exit 1, naming the row) before the
     * broker, here none, is asked anything: it was sent, the 1970 row and the 1e308 alike.
     */
    @Test
    void aBadTraceIsRefusedBeforeTheBrokerIsAsked() throws IOException {
        StringBuilder b = new StringBuilder("timestamp,entity,metric,value\n");
        for (int t = 0; t < 600; t++) {
            b.append(Instant.parse("2017-01-01T00:00:00Z").plusSeconds(300L * t))
                    .append(",a,cpu,1\n");
        }
        Path stray =
                Files.writeString(dir.resolve("stray.csv"), b + "1970-01-01T00:00:00Z,a,cpu,1\n");
        Path huge =
                Files.writeString(
                        dir.resolve("huge.csv"), b + "2017-01-03T02:00:00Z,a,cpu,1e308\n");
        for (Path trace : List.of(stray, huge)) {
            String[] args = {"replay", "--trace", trace.toString(), "--bootstrap", "127.0.0.1:1"};
            assertThat(CliRun.run(out, err, args)).as(trace.toString()).isOne();
        }
        assertThat(err.toString())
                .contains(
                        "stray.csv:602: entity 'a': 1 timestamp (the first at 1970-01-01T00:00:00Z)")
                .contains("huge.csv:602: value '1e308' is out of range [-1e18, 1e18]")
                .doesNotContain("127.0.0.1:1");
    }

    /** The hint names replay's own --bootstrap, not the job's kafka.bootstrap-servers. */
    @Test
    void noBrokerIsHintedWithTheCommandsOwnOption() throws IOException {
        Path trace =
                Files.writeString(
                        dir.resolve("one.csv"),
                        "timestamp,entity,metric,value\n2017-01-01T00:00:00Z,a,cpu,1\n");
        String[] args = {"replay", "--trace", trace.toString(), "--bootstrap", "127.0.0.1:1"};
        assertThat(CliRun.run(out, err, args)).isOne();
        assertThat(err.toString())
                .contains("no Kafka broker answers at 127.0.0.1:1")
                .contains("start one (./prescale infra up) or set --bootstrap")
                .doesNotContain("kafka.bootstrap-servers");
    }

    /** 0 is refused too: it meant all, and a tester sent a whole trace to a live job with it. */
    @Test
    void anEntityCountBelowOneIsAUsageError() throws IOException {
        assertThat(replay("--entities", "-1", "--bootstrap", "127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString())
                .contains("--entities must be >= 1 (leave it out to replay every entity), was -1");
        assertThat(replay("--entities", "0", "--bootstrap", "127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).contains("was 0");
    }

    @Test
    void aBootstrapAddressTheClientRefusesIsAUsageError() throws IOException {
        assertThat(replay("--bootstrap", "nohost")).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("--bootstrap nohost cannot be used: Invalid url in bootstrap.servers:")
                .contains("Usage: prescale replay");
    }

    /** A cut gzip trace and an empty one are said to be so, before the broker is asked. */
    @Test
    void aTruncatedOrEmptyTraceIsSaidToBeSo() throws IOException {
        StringBuilder b = new StringBuilder("timestamp,entity,metric,value\n");
        for (int t = 0; t < 2000; t++) {
            b.append(Instant.parse("2017-01-01T00:00:00Z").plusSeconds(300L * t))
                    .append(",a,cpu,")
                    .append(t % 17)
                    .append('\n');
        }
        Path cut = BrokenTraces.truncatedGzip(Files.writeString(dir.resolve("t.csv"), b));
        Path empty = BrokenTraces.empty(cut);
        for (Path trace : List.of(cut, empty)) {
            String[] args = {"replay", "--trace", trace.toString(), "--bootstrap", "127.0.0.1:1"};
            assertThat(CliRun.run(out, err, args)).as(trace.toString()).isOne();
        }
        assertThat(err.toString())
                .contains(cut + BrokenTraces.TRUNCATED)
                .contains(empty + BrokenTraces.EMPTY)
                .doesNotContain("127.0.0.1:1");
    }
}
