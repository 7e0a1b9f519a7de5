package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prescale send} checks its options and every record as the job decodes them before it asks
 * the broker anything: here no broker listens at all, so a check that passed would end in exit 1.
 */
class SendCommandTest {
    private static final String NO_BROKER = "127.0.0.1:1";
    private static final String GOOD_OVERRIDE =
            "{\"v\":1,\"scope\":\"vm-7\",\"min\":10,\"max\":80}";
    private static final String HINT =
            "{\"v\":1,\"type\":\"hint\",\"entity\":\"vm-7\",\"metric\":\"mem_pct\",\"amount\":60,"
                    + "\"from\":\"2024-03-01T12:00:00Z\",\"to\":\"2024-03-01T13:00:00Z\"}";

    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void badLinesAreRefusedByLineNumberWithTheJobsReasonAndNothingIsSent() throws IOException {
        Path f =
                records(
                        GOOD_OVERRIDE,
                        "",
                        "{\"v\":1,\"scope\":\"vm-8\",\"costRatio\":0.5}",
                        "{\"v\":1,\"scope\":\"vm-9\",\"leadTime\":\"PT0S\"}",
                        "{\"v\":1,\"scope\":\"vm-9\",\"leadTime\":300}",
                        "{\"scope\":\"vm-9\"}",
                        "{\"v\":1,\"scope\":\"vm-9\",\"min\":10,");

        assertThat(send("overrides", "--file", f.toString())).as("wrong input data").isEqualTo(1);

        assertThat(err.toString())
                .contains(
                        f + " line 3: bad override: PolicyOverride: costRatio must be in [1, 9999]")
                .contains(
                        f + " line 4: bad override: leadTime must be positive (at least one step)")
                .contains(
                        f
                                + " line 5: bad override: PolicyOverride.leadTime must be an ISO-8601"
                                + " string such as PT10M, was 300")
                .contains(f + " line 6: bad override: record version 'v' is missing")
                .contains(f + " line 7: bad override: malformed json")
                .contains("prescale send: nothing sent: 5 of 6 records refused")
                .doesNotContain("line 1:")
                .doesNotContain("Kafka broker");
    }

    @Test
    void feedbackIsCheckedAgainstTheJobsOptions() throws IOException {
        Path f = records(HINT);

        assertThat(send("feedback", "--file", f.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains(
                        f
                                + " line 1: bad feedback: a hint for metric 'mem_pct', from which no"
                                + " resource is allocated (demand metrics: cpu_pct)");

        assertAcceptedWith(f, "-Dallocation.demand-metric=mem_pct");
    }

    /** The eighth tester's rating of a forecast in 2099 was sent, and then waited for ever. */
    @Test
    void aRatingOfAForecastAheadOfTheClockIsRefused() throws IOException {
        Path f =
                records(
                        "{\"v\":1,\"type\":\"rating\",\"entity\":\"vm-7\",\"metric\":\"cpu_pct\","
                                + "\"forecastIssuedAt\":\"2099-01-01T00:00:00Z\",\"score\":4}");

        assertThat(send("feedback", "--file", f.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains(
                        f
                                + " line 1: bad feedback: a rating of a forecast issued at"
                                + " 2099-01-01T00:00:00Z, more than 30 s (parser.max-future-skew) after now (")
                .doesNotContain("Kafka broker");

        assertAcceptedWith(f, "-Dparser.max-future-skew=0");
    }

    @Test
    void theJobsConfigFileIsReadAsTheJobReadsIt() throws IOException {
        Path conf =
                Files.writeString(
                        dir.resolve("job.yaml"), "allocation:\n  demand-metric: mem_pct\n");
        Path f = records(HINT.replace("mem_pct", "cpu_pct"));

        assertThat(send("feedback", "--file", f.toString(), "--job-config", conf.toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains("a hint for metric 'cpu_pct', from which no resource is allocated");
    }

    @Test
    void anUnknownJobOptionIsAUsageError() throws IOException {
        Path f = records(GOOD_OVERRIDE);

        assertThat(send("overrides", "--file", f.toString(), "-Dallocation.demand=mem_pct"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("unknown option 'allocation.demand'")
                .contains("Usage: prescale send");
    }

    /**
     * Overrides sent to the commands topic reached the actuator, which dead-lettered them, and send
     * advised compacting it (eighty-fourth tester): a topic of another of the job's roles is
     * refused.
     */
    @Test
    void aTopicOfAnotherRoleOfTheJobIsAUsageError() throws IOException {
        Path f = records(GOOD_OVERRIDE);
        assertThat(send("overrides", "--file", f.toString(), "--topic", "prescale.commands"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "--topic prescale.commands is the job's topics.commands; it reads overrides"
                                + " from topics.config (prescale.config)");

        assertThat(send("feedback", "--delete", "x", "--topic", "prescale.config")).isEqualTo(2);
        assertThat(
                        send(
                                "overrides",
                                "--file",
                                f.toString(),
                                "--topic",
                                "my.metrics",
                                "-Dtopics.metrics=my.metrics"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--topic my.metrics is the job's topics.metrics");
    }

    @Test
    void deleteIsForOverridesOnlyAndNotWithAFile() throws IOException {
        assertThat(send("feedback", "--delete", "vm-7")).isEqualTo(2);
        assertThat(err.toString()).contains("--delete deletes an override");

        Path f = records(GOOD_OVERRIDE);
        assertThat(send("overrides", "--delete", "vm-7", "--file", f.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("give --file or --delete, not both");

        assertThat(send("overrides", "--delete", "tenant:")).isEqualTo(2);
        assertThat(err.toString()).contains("--delete: scope 'tenant:' needs a tenant id");
    }

    @Test
    void aFileWithoutRecordsOrAnUnknownKindIsAUsageError() throws IOException {
        Path f = records("", "  ");
        assertThat(send("overrides", "--file", f.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no records in " + f);

        assertThat(send("hints", "--file", f.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("[overrides, feedback, metrics]");

        assertThat(send("overrides", "--file", dir.resolve("nope").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--file " + dir.resolve("nope") + ": no such file");
    }

    /**
     * The thirtieth tester's {@code p\\xffool} was sent with its bad byte replaced, and the job
     * took the record it would itself have dead-lettered; {@code --file /dev/zero} ran out of
     * memory with a stack trace. A line that is not UTF-8 is refused by its number, one longer than
     * the job's bound on a record stops the read, naming it.
     */
    @Test
    void aLineNotUtf8IsRefusedAndAnEndlessLineStopsTheRead() throws IOException {
        Path f = dir.resolve("bad-utf8.jsonl");
        Files.write(
                f,
                ("{\"v\":1,\"scope\":\"vm-a\",\"pool\":\"p\u00ffool\"}\n" + GOOD_OVERRIDE + "\n")
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(send("overrides", "--file", f.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains(
                        f
                                + " line 1: bad override: not UTF-8 text: byte 32 of the line is"
                                + " 0xFF, not valid there")
                .contains("nothing sent: 1 of 2 records refused");

        Path endless = dir.resolve("endless.jsonl");
        Files.write(endless, new byte[2 << 20]);
        assertThat(send("overrides", "--file", endless.toString())).as("wrong data").isEqualTo(1);
        assertThat(err.toString())
                .contains(
                        "prescale send: "
                                + endless
                                + " line 1 is longer than 1048576 characters without a line"
                                + " break");
        // a byte-order mark before the first record is no part of it
        Path bom = dir.resolve("bom.jsonl");
        Files.write(
                bom,
                ("\ufeff" + GOOD_OVERRIDE + "\n{\"v\":1,\"scope\":\"vm-8\",\"costRatio\":0.5}\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(send("overrides", "--file", bom.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains("nothing sent: 1 of 2 records refused")
                .doesNotContain(bom + " line 1:");
        assertThat(send("overrides", "--file", "/dev/zero")).as("not a file").isEqualTo(2);
        assertThat(err.toString())
                .contains("--file /dev/zero: is not a regular file (a device or a pipe)");
    }

    /**
     * A hint above 100 % of a percentage, or ending more than a year ahead, is noted and sent all
     * the same (on to the broker, which is not there): a tester's 1000 for a CPU at 69 % went
     * without a word.
     */
    @Test
    void aHintThatLooksLikeASlipIsNotedAndSent() throws IOException {
        Path f =
                records(
                        "{\"v\":1,\"type\":\"hint\",\"entity\":\"vm-7\",\"metric\":\"cpu_pct\","
                                + "\"amount\":1000,\"from\":\"2024-03-01T12:00:00Z\","
                                + "\"to\":\"2024-03-01T13:00:00Z\"}",
                        "{\"v\":1,\"type\":\"hint\",\"entity\":\"vm-7\",\"metric\":\"cpu_pct\","
                                + "\"amount\":60,\"from\":\"2099-03-01T12:00:00Z\","
                                + "\"to\":\"2099-03-01T13:00:00Z\"}");

        assertThat(send("feedback", "--file", f.toString())).isOne();

        assertThat(err.toString())
                .contains(
                        "prescale send: note: "
                                + f
                                + " line 1: the hint's amount 1000 is above 100 % of cpu_pct"
                                + " (unit pct)")
                .contains(" line 2: the hint ends 2099-03-01T13:00:00Z, more than a year ahead")
                .contains("no Kafka broker answers at " + NO_BROKER);
    }

    /**
     * Samples, a mended dead letter's JSON or line-protocol point a line, are parsed as the job
     * parses a record of {@code prescale.metrics}: one refused names its line and the job's reason
     * and nothing is sent; a comment is skipped; one without a time is noted, as the job takes it
     * at the time it reads it.
     */
    @Test
    void samplesAreParsedAsTheJobParsesThemAndOneWithoutATimeIsNoted() throws IOException {
        long now = System.currentTimeMillis();
        String json = "{\"v\":1,\"entity\":\"vm-7\",\"ts\":" + now + ",\"metrics\":{\"cpu\":5}}";
        Path bad =
                records(
                        json,
                        "# a comment",
                        "cpu,host=vm-8 value=1e300 " + now * 1_000_000,
                        "{\"v\":1,\"entity\":\"vm-9\",\"ts\":\"2024-03-01T12:00:00\","
                                + "\"metrics\":{\"cpu\":5}}",
                        "{\"v\":1,\"entity\":\"vm-9\",\"ts\":1000,\"metrics\":{\"cpu\":5}}",
                        "cpu,host=vm-8 pct=-3 " + now * 1_000_000);

        assertThat(send("metrics", "--file", bad.toString())).isOne();

        assertThat(err.toString())
                .contains(bad + " line 3: bad sample: ")
                .contains(bad + " line 4: bad sample: ts '2024-03-01T12:00:00' has no time zone")
                .contains(bad + " line 5: bad sample: ts 1970-01-01T00:00:01Z is more than")
                .contains(bad + " line 6: bad sample: metrics.cpu_pct = -3 is negative")
                .contains("prescale send: nothing sent: 4 of 5 records refused")
                .doesNotContain("line 1:")
                .doesNotContain("line 2:")
                .doesNotContain("Kafka broker");

        Path good = records(json, "cpu,host=vm-8 value=7");
        assertThat(send("metrics", "--file", good.toString())).isOne();
        assertThat(err.toString())
                .contains(
                        "prescale send: note: "
                                + good
                                + " line 2: the sample has no time: the job takes it at the time"
                                + " it reads it")
                .contains("no Kafka broker answers at " + NO_BROKER);
    }

    @Test
    void theSummaryCountsEachKind() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("hint", 2);
        counts.put("rating", 1);
        assertThat(SendCommand.summary(counts)).isEqualTo("2 hints, 1 rating");
    }

    private Path records(String... lines) throws IOException {
        return Files.write(dir.resolve("records.jsonl"), List.of(lines));
    }

    /**
     * The feedback in {@code f} passes the checks with the job's {@code option}, so on to the
     * broker, which is not there.
     */
    private void assertAcceptedWith(Path f, String option) {
        StringWriter again = new StringWriter();
        int code =
                CliRun.run(
                        out,
                        again,
                        "send",
                        "feedback",
                        "--bootstrap",
                        NO_BROKER,
                        "--file",
                        f.toString(),
                        option);
        assertThat(code).isOne();
        assertThat(again.toString())
                .contains("no Kafka broker answers at " + NO_BROKER)
                .contains("start one (./prescale infra up) or set --bootstrap")
                .doesNotContain("kafka.bootstrap-servers");
    }

    /** {@code prescale send ARGS --bootstrap NO_BROKER}. */
    private int send(String... args) {
        List<String> all = new ArrayList<>(List.of("send"));
        all.addAll(List.of(args));
        all.addAll(List.of("--bootstrap", NO_BROKER));
        return CliRun.run(out, err, all.toArray(String[]::new));
    }
}
