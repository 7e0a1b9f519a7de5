package io.prescale.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SampleParserTest {
    private static final Instant NOW = Instant.parse("2023-11-14T22:13:30Z");
    private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L);
    private static final SampleParser PARSER = new SampleParser(ParserConfig.defaults());

    private static ParseResult parse(String payload) {
        return PARSER.parse(payload.getBytes(StandardCharsets.UTF_8), NOW);
    }

    @Test
    void jsonSampleWithEveryField() {
        ParseResult r =
                parse(
                        "{\"entity\":\"vm-1\",\"tenant\":\"t\",\"ts\":\"2023-11-14T22:13:20Z\","
                                + "\"metrics\":{\"cpu\":12.5,\"mem\":3},\"labels\":{\"zone\":\"a\"}}");
        assertThat(r.rejections()).isEmpty();
        assertThat(r.samples())
                .containsExactly(
                        new MetricSample(
                                "vm-1",
                                "t",
                                T0,
                                Map.of("cpu", 12.5, "mem", 3.0),
                                Map.of("zone", "a")));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "'\"ts\":\"2023-11-14T22:13:20Z\",'        | 2023-11-14T22:13:20Z",
                "'\"ts\":\"2023-11-14T23:13:20+01:00\",'   | 2023-11-14T22:13:20Z",
                "'\"ts\":\"2023-11-14T22:13:20.250Z\",'    | 2023-11-14T22:13:20.250Z",
                "'\"ts\":1700000000000,'                   | 2023-11-14T22:13:20Z",
                "'\"ts\":1700000000250,'                   | 2023-11-14T22:13:20.250Z",
                "'\"ts\":null,'                            | 2023-11-14T22:13:30Z",
                "''                                        | 2023-11-14T22:13:30Z",
            })
    void jsonTimestampIsIsoOrEpochMillisOrNow(String tsField, Instant expected) {
        ParseResult r = parse("{\"entity\":\"e\"," + tsField + "\"metrics\":{\"c\":1}}");
        assertThat(r.rejections()).isEmpty();
        assertThat(r.samples()).singleElement().extracting(MetricSample::ts).isEqualTo(expected);
    }

    @Test
    void jsonAcceptsVersionOneAndLabelsOfAnyScalar() {
        ParseResult r =
                parse(
                        " \n {\"v\":1,\"entity\":\"e\",\"metrics\":{\"c\":-1},"
                                + "\"labels\":{\"n\":3,\"b\":true}}\n");
        assertThat(r.rejections()).isEmpty();
        assertThat(r.samples().get(0).labels()).isEqualTo(Map.of("n", "3", "b", "true"));
    }

    /**
     * An unknown field is rejected, as the side inputs' records reject one: {@code "timestamp"} was
     * ignored and the sample taken at the time it was read, {@code "lables"} lost the labels. The
     * fields of a sample are DESIGN.md's {@code entity, tenant?, ts, metrics, labels?} and the
     * record version.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "'\"timestamp\":\"2020-01-01T00:00:00Z\"' | 'timestamp' (known: v, entity, tenant, ts, metrics, labels); did you mean 'ts'?",
                "'\"tS\":\"2023-11-14T22:13:20Z\"'        | 'tS' (known: v, entity, tenant, ts, metrics, labels); did you mean 'ts'?",
                "'\"lables\":{\"zone\":\"a\"}'           | 'lables' (known: v, entity, tenant, ts, metrics, labels); did you mean 'labels'?",
                "'\"Entity\":\"f\"'                      | 'Entity' (known: v, entity, tenant, ts, metrics, labels); did you mean 'entity'?",
                "'\"extra\":1'                           | 'extra' (known: v, entity, tenant, ts, metrics, labels)",
                "'\"agent\":{\"version\":\"1.2\"}'        | 'agent' (known: v, entity, tenant, ts, metrics, labels)",
            })
    void jsonRejectsAnUnknownFieldNamingIt(String field, String reason) {
        ParseResult r = parse("{\"entity\":\"e\",\"metrics\":{\"c\":1}," + field + "}");
        assertThat(r.samples()).isEmpty();
        assertThat(r.rejections()).singleElement().hasToString("unknown field " + reason);
    }

    @Test
    void readsWhatTheCodecWrites() {
        MetricSample s = new MetricSample("vm-1", null, T0, Map.of("cpu", 1.5), Map.of("z", "a"));
        assertThat(PARSER.parse(JsonCodec.encode(s), NOW).samples()).containsExactly(s);
    }

    static Stream<Arguments> badJson() {
        return Stream.of(
                Arguments.of("{\"entity\":\"vm\",\"ts\":", "malformed json"),
                Arguments.of("{\"entity\":\"vm\" \"ts\":1}", "(line 1, column 16)"),
                Arguments.of(
                        "{\"entity\":\"e\",\"metrics\":{\"c\":1}} {\"entity\":\"f\"}",
                        "malformed json: content after the sample object (line 1, column 34); one record per payload"),
                Arguments.of(
                        "{\"entity\":\"e\",\"entity\":\"f\",\"metrics\":{\"c\":1}}",
                        "Duplicate field 'entity'"),
                Arguments.of(
                        "{\"ts\":\"2023-11-14T22:13:20Z\",\"metrics\":{\"c\":1}}",
                        "entity is missing"),
                Arguments.of(
                        "{\"entity\":7,\"metrics\":{\"c\":1}}", "entity must be a string, was 7"),
                Arguments.of(
                        "{\"entity\":\" \",\"metrics\":{\"c\":1}}",
                        "entity must not be blank, was ' '"),
                Arguments.of(
                        "{\"entity\":\"e\",\"tenant\":\"\",\"metrics\":{\"c\":1}}",
                        "tenant must not be blank, was ''"),
                Arguments.of("{\"entity\":\"e\"}", "metrics must be a non-empty object, was null"),
                Arguments.of(
                        "{\"entity\":\"e\",\"metrics\":{}}",
                        "metrics must be a non-empty object, was {}"),
                Arguments.of(
                        "{\"entity\":\"e\",\"metrics\":[1]}",
                        "metrics must be a non-empty object, was [1]"),
                Arguments.of(
                        "{\"entity\":\"e\",\"metrics\":{\"\":1}}", "metrics key must not be blank"),
                Arguments.of(
                        "{\"entity\":\"e\",\"metrics\":{\"cpu\":\"NaN\"}}",
                        "metrics.cpu must be a finite number, was \"NaN\""),
                Arguments.of(
                        "{\"entity\":\"e\",\"metrics\":{\"cpu\":true}}",
                        "metrics.cpu must be a finite number, was true"),
                Arguments.of(
                        "{\"entity\":\"e\",\"metrics\":{\"cpu\":NaN}}",
                        "malformed json: 'NaN' is not a number in JSON (neither NaN nor Infinity"
                                + " is); a value must be a finite number (line 1, column 35)"),
                Arguments.of(
                        "{\"entity\":\"e\",\"metrics\":{\"cpu\":-Infinity}}",
                        "malformed json: '-Infinity' is not a number in JSON"),
                Arguments.of(
                        "{\"entity\":\"e\",\"metrics\":{\"cpu\":1e400}}",
                        "metrics.cpu must be finite, was Infinity"),
                Arguments.of(
                        "{\"entity\":\"e\",\"metrics\":{\"cpu\":1e300}}",
                        "metrics.cpu = 1e300 is out of range [-1e18, 1e18]"),
                Arguments.of(
                        "{\"entity\":\"e\",\"metrics\":{\"c\":1},\"labels\":[]}",
                        "labels must be an object, was []"),
                Arguments.of(
                        "{\"entity\":\"e\",\"metrics\":{\"c\":1},\"labels\":{\"z\":null}}",
                        "labels.z must be a string, number or boolean, was null"),
                Arguments.of(
                        "{\"entity\":\"e\",\"metrics\":{\"c\":1},\"labels\":{\"z\":{}}}",
                        "labels.z must be a string, number or boolean, was {}"),
                Arguments.of(
                        "{\"entity\":\"e\",\"ts\":\"yesterday\",\"metrics\":{\"c\":1}}",
                        "ts 'yesterday' is not ISO-8601"),
                // ISO-8601 without a zone: the missing zone is what is said
                Arguments.of(
                        "{\"entity\":\"e\",\"ts\":\"2024-03-01T12:15:05\",\"metrics\":{\"c\":1}}",
                        "ts '2024-03-01T12:15:05' has no time zone; add Z (UTC) or an offset"),
                Arguments.of(
                        "{\"entity\":\"e\",\"ts\":\"2024-03-01T12:15:05-0530\",\"metrics\":{\"c\":1}}",
                        "ts '2024-03-01T12:15:05-0530' has an offset without its colon; write"
                                + " 2024-03-01T12:15:05-05:30"),
                Arguments.of(
                        "{\"entity\":\"e\",\"ts\":1.7e12,\"metrics\":{\"c\":1}}",
                        "ts must be ISO-8601 text or epoch milliseconds as a whole number (digits"
                                + " only), was 1700000000000"),
                Arguments.of(
                        "{\"entity\":\"e\",\"ts\":1796611031428.5,\"metrics\":{\"c\":1}}",
                        "was 1796611031428.5"),
                Arguments.of(
                        "{\"entity\":\"e\",\"ts\":99999999999999999999,\"metrics\":{\"c\":1}}",
                        "ts must be ISO-8601 text or epoch milliseconds"),
                Arguments.of(
                        "{\"entity\":\"e\",\"ts\":\"2020-01-01T00:00:00Z\",\"metrics\":{\"c\":1}}",
                        "ts 2020-01-01T00:00:00Z is more than 7 d (parser.max-past-skew) before now (2023-11-14T22:13:30Z)"),
                Arguments.of(
                        "{\"entity\":\"e\",\"ts\":\"2023-11-14T23:00:00Z\",\"metrics\":{\"c\":1}}",
                        "ts 2023-11-14T23:00:00Z is more than 30 s (parser.max-future-skew) after now"),
                Arguments.of(
                        "{\"v\":99,\"entity\":\"e\",\"metrics\":{\"c\":1}}",
                        "unknown record version v=99"),
                Arguments.of(
                        "{\"v\":\"1\",\"entity\":\"e\",\"metrics\":{\"c\":1}}",
                        "unknown record version v=\"1\""),
                Arguments.of(
                        "{\"v\":null,\"entity\":\"e\",\"metrics\":{\"c\":1}}",
                        "record version 'v' is null: leave it out or give 1"));
    }

    @ParameterizedTest
    @MethodSource("badJson")
    void rejectsBadJsonNamingWhatIsWrong(String payload, String reason) {
        ParseResult r = parse(payload);
        assertThat(r.samples()).isEmpty();
        assertThat(r.rejections())
                .singleElement()
                .satisfies(x -> assertThat(x.line()).isZero())
                .extracting(Rejection::reason)
                .asString()
                .contains(reason);
    }

    @Test
    void everyLineOfABatchYieldsASampleOrARejectionWithItsLineNumber() {
        String batch =
                String.join(
                        "\n",
                        "# Telegraf batch",
                        "cpu,host=a usage_idle=97.5 1700000000000000000",
                        "",
                        "cpu,zone=z usage_idle=2 1700000000000000000",
                        "mem,host=b used_percent=1e300 1700000000000000000",
                        "mem,host=c used_percent=40\r",
                        "disk,host=d free=1i 1500000000000000000",
                        "net,host=e bytes_recv=1u 1700000000000000000",
                        "");
        ParseResult r = parse(batch);
        assertThat(r.samples())
                .extracting(MetricSample::entity, MetricSample::ts)
                .containsExactly(tuple("a", T0), tuple("c", NOW), tuple("e", T0));
        assertThat(r.rejections()).extracting(Rejection::line).containsExactly(4, 5, 7);
        assertThat(r.rejections())
                .extracting(Rejection::toString)
                .satisfiesExactly(
                        x -> assertThat(x).isEqualTo("line 4: tag 'host' (the entity) is missing"),
                        x ->
                                assertThat(x)
                                        .startsWith(
                                                "line 5: metrics.mem_used_percent = 1e300 is out of range"),
                        x ->
                                assertThat(x)
                                        .startsWith(
                                                "line 7: ts 2017-07-14T02:40:00Z is more than 7 d (parser.max-past-skew) before now"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "''          | payload is empty",
                "'   \n\n'   | payload holds no line-protocol points",
                "'# only\n'  | payload holds no line-protocol points",
            })
    void rejectsPayloadsWithoutPoints(String payload, String reason) {
        assertThat(parse(payload).rejections()).singleElement().hasToString(reason);
    }

    @Test
    void rejectsNullPayload() {
        assertThat(PARSER.parse(null, NOW).rejections())
                .singleElement()
                .hasToString("payload is empty");
    }

    /**
     * A payload that is neither JSON nor line protocol says so, instead of giving its parse as line
     * protocol ({@code field json has no '='}, {@code tag "metrics":... has no '='}).
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "'not json at all'                 | the payload does not start with '{', and its first line has no field=value: 'not json at all'",
                "'\uFEFF{\"entity\":\"e\",\"metrics\":{\"c\":1}}' | a JSON object starts with '{', and this payload has 3 byte(s) before its first '{' (0xEF 0xBB 0xBF)",
                "'data: {\"entity\":\"e\",\"metrics\":{\"c\":1}}' | a JSON object starts with '{', and this payload has 6 byte(s) before its first '{' (0x64 0x61 0x74 0x61 0x3A 0x20)",
            })
    void aPayloadThatIsNeitherFormatSaysSo(String payload, String reason) {
        assertThat(parse(payload).rejections())
                .singleElement()
                .hasToString("neither a JSON object nor InfluxDB line protocol: " + reason);
    }

    @Test
    void invalidUtf8BeforeABraceIsNeitherFormat() {
        byte[] json = "{\"entity\":\"e\",\"metrics\":{\"c\":1}}".getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[json.length + 2];
        payload[0] = (byte) 0xC3;
        payload[1] = (byte) 0x28;
        System.arraycopy(json, 0, payload, 2, json.length);
        assertThat(PARSER.parse(payload, NOW).rejections())
                .singleElement()
                .hasToString(
                        "neither a JSON object nor InfluxDB line protocol: a JSON object starts"
                                + " with '{', and this payload has 2 byte(s) before its first '{'"
                                + " (0xC3 0x28)");
    }

    /** Line protocol with a syntax error stays described as line protocol. */
    @Test
    void aBadLineOfLineProtocolIsNotCalledNeitherFormat() {
        assertThat(parse("cpu,host=a usage").rejections())
                .singleElement()
                .asString()
                .startsWith("line 1: ")
                .doesNotContain("neither");
    }

    /**
     * A line-protocol time in another unit than the configured one reads as 1970 (or far ahead):
     * the reason says which unit it is read in, and what the value would be in the unit that makes
     * it plausible.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ns | 1700000000000       | ts 1970-01-01T00:28:20Z is more than 7 d (parser.max-past-skew) before now (2023-11-14T22:13:30Z); line protocol timestamps are in ns (parser.line-protocol-precision): 1700000000000 in ms would be 2023-11-14T22:13:20Z",
                "ns | 1700000000          | ts 1970-01-01T00:00:01.700Z is more than 7 d (parser.max-past-skew) before now (2023-11-14T22:13:30Z); line protocol timestamps are in ns (parser.line-protocol-precision): 1700000000 in s would be 2023-11-14T22:13:20Z",
                "ms | 1700000000000000    | ts +55840-11-08T22:13:20Z is more than 30 s (parser.max-future-skew) after now (2023-11-14T22:13:30Z), as if the sender's clock ran fast; line protocol timestamps are in ms (parser.line-protocol-precision): 1700000000000000 in us would be 2023-11-14T22:13:20Z",
                "ns | 1500000000000000000 | ts 2017-07-14T02:40:00Z is more than 7 d (parser.max-past-skew) before now (2023-11-14T22:13:30Z)",
                "ns | 1                   | ts 1970-01-01T00:00:00.000000001Z is more than 7 d (parser.max-past-skew) before now (2023-11-14T22:13:30Z)",
            })
    void aLineProtocolTimeInAnotherUnitSaysTheUnit(String unit, long raw, String reason) {
        TimeUnit precision =
                switch (unit) {
                    case "ms" -> TimeUnit.MILLISECONDS;
                    default -> TimeUnit.NANOSECONDS;
                };
        SampleParser p =
                new SampleParser(ParserConfig.defaults().withLineProtocolPrecision(precision));
        ParseResult r = p.parse(("m,host=a v=1 " + raw).getBytes(StandardCharsets.UTF_8), NOW);
        assertThat(r.rejections()).singleElement().hasToString("line 1: " + reason);
    }

    /**
     * A JSON {@code ts} in epoch seconds reads as January 1970 in milliseconds: the reason says the
     * unit and what the number would be in seconds; a plain old time gets no hint.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "1700000000         | ts 1970-01-20T16:13:20Z is more than 7 d (parser.max-past-skew) before now (2023-11-14T22:13:30Z); a JSON ts number is epoch milliseconds (or give ISO-8601 text): 1700000000 in s would be 2023-11-14T22:13:20Z",
                "1700000000000000   | ts +55840-11-08T22:13:20Z is more than 30 s (parser.max-future-skew) after now (2023-11-14T22:13:30Z), as if the sender's clock ran fast; a JSON ts number is epoch milliseconds (or give ISO-8601 text): 1700000000000000 in us would be 2023-11-14T22:13:20Z",
                "1500000000000      | ts 2017-07-14T02:40:00Z is more than 7 d (parser.max-past-skew) before now (2023-11-14T22:13:30Z)",
                "'\"2017-07-14T02:40:00Z\"' | ts 2017-07-14T02:40:00Z is more than 7 d (parser.max-past-skew) before now (2023-11-14T22:13:30Z)",
            })
    void aJsonTimeInSecondsSaysTheUnit(String ts, String reason) {
        ParseResult r =
                PARSER.parse(
                        ("{\"entity\":\"a\",\"ts\":" + ts + ",\"metrics\":{\"v\":1}}")
                                .getBytes(StandardCharsets.UTF_8),
                        NOW);
        assertThat(r.rejections()).singleElement().extracting(Rejection::reason).isEqualTo(reason);
    }

    @Test
    void rejectsInvalidUtf8InLineProtocol() {
        byte[] payload = {'m', ',', 'h', 'o', 's', 't', '=', (byte) 0xC3, ' ', 'v', '=', '1'};
        assertThat(PARSER.parse(payload, NOW).rejections())
                .singleElement()
                .extracting(Rejection::reason)
                .asString()
                .startsWith("payload is not valid UTF-8");
    }

    @ParameterizedTest
    @CsvSource({"31, false", "32, true", "33, true"})
    void rejectsOversizedPayloadWhole(int maxBytes, boolean accepted) {
        SampleParser p = new SampleParser(ParserConfig.defaults().withMaxPayloadBytes(maxBytes));
        byte[] payload = "m,host=a v=1 1700000000000000000".getBytes(StandardCharsets.UTF_8);
        ParseResult r = p.parse(payload, NOW);
        assertThat(r.samples()).hasSize(accepted ? 1 : 0);
        if (!accepted) {
            assertThat(r.rejections())
                    .singleElement()
                    .hasToString(
                            "payload of 32 bytes exceeds the maximum of "
                                    + maxBytes
                                    + " (parser.max-payload-bytes)");
        }
    }

    /** The skew window is inclusive at both ends: now - 7 days and now + 30 s pass. */
    @ParameterizedTest
    @CsvSource({
        "-604800000, true",
        "-604800001, false",
        "30000, true",
        "30001, false",
        "0, true",
    })
    void skewWindowIsInclusive(long offsetMillis, boolean accepted) {
        long ts = NOW.toEpochMilli() + offsetMillis;
        ParseResult r = parse("{\"entity\":\"e\",\"ts\":" + ts + ",\"metrics\":{\"c\":1}}");
        assertThat(r.samples()).hasSize(accepted ? 1 : 0);
    }

    @Test
    void skewChecksCanBeTurnedOffForReplays() {
        SampleParser replay = new SampleParser(ParserConfig.defaults().withSkew(null, null));
        ParseResult r =
                replay.parse("m,host=a v=1 1\nm,host=b v=1 4102444800000000000".getBytes(), NOW);
        assertThat(r.rejections()).isEmpty();
        assertThat(r.samples()).hasSize(2);
    }

    @ParameterizedTest
    @CsvSource({"0, true", "100, true", "-0.001, false", "100.001, false"})
    void valueRangeIsInclusive(double value, boolean accepted) {
        SampleParser pct = new SampleParser(ParserConfig.defaults().withValueRange(0, 100));
        ParseResult r = pct.parse(("m,host=a v=" + value).getBytes(StandardCharsets.UTF_8), NOW);
        assertThat(r.samples()).hasSize(accepted ? 1 : 0);
        assertThat(r.rejections()).hasSize(accepted ? 0 : 1);
    }

    @Test
    void aDemandBelowZeroIsRejectedNamingTheMetric() {
        SampleParser p =
                new SampleParser(ParserConfig.defaults().withDemandMetrics(Set.of("cpu_pct")));
        ParseResult r =
                p.parse(
                        ("cpu,host=a pct=-3.5\n" + "cpu,host=b pct=0\n" + "temp,host=a delta=-2")
                                .getBytes(StandardCharsets.UTF_8),
                        NOW);
        assertThat(r.samples()).extracting(MetricSample::entity).containsExactly("b", "a");
        assertThat(r.rejections())
                .containsExactly(
                        new Rejection(
                                1,
                                "metrics.cpu_pct = -3.5 is negative; it is a resource's demand,"
                                        + " which cannot be below 0",
                                "cpu,host=a pct=-3.5"));
        assertThat(onlyRejection(p, "{\"entity\":\"a\",\"metrics\":{\"cpu_pct\":-1}}"))
                .contains("cpu_pct = -1 is negative");
        // a sample is one record: its other metrics are refused with it, and said to be
        assertThat(
                        onlyRejection(
                                p,
                                "{\"entity\":\"a\",\"metrics\":{\"cpu_pct\":-5,\"mem_pct\":30}}"))
                .endsWith("cannot be below 0; the sample is refused whole, its other metric too");
    }

    /** The one rejection of a JSON payload that gives no sample, as text. */
    private static String onlyRejection(SampleParser p, String json) {
        ParseResult r = p.parse(json.getBytes(StandardCharsets.UTF_8), NOW);
        assertThat(r.samples()).isEmpty();
        assertThat(r.rejections()).hasSize(1);
        return r.rejections().get(0).toString();
    }

    /**
     * The README's JSON example, pasted whenever, is accepted: it holds no timestamp that the skew
     * window would leave behind (its first version's 2017 one was dead-lettered).
     */
    @ParameterizedTest
    @ValueSource(strings = {"2026-12-03T07:30:00Z", "2036-01-01T00:00:00Z"})
    void theReadmesJsonExampleIsAcceptedWhenPasted(String pastedAt) throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher example =
                Pattern.compile("^- JSON: `(\\{.*})`$", Pattern.MULTILINE).matcher(readme);
        assertThat(example.find()).as("the README's JSON example").isTrue();
        Instant now = Instant.parse(pastedAt);
        ParseResult r = PARSER.parse(example.group(1).getBytes(StandardCharsets.UTF_8), now);
        assertThat(r.rejections()).isEmpty();
        assertThat(r.samples())
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s.entity()).isEqualTo("vm-1");
                            assertThat(s.ts()).isEqualTo(now);
                        });
    }

    @Test
    void durationConstantsMatchTheDefaults() {
        ParserConfig d = ParserConfig.defaults();
        assertThat(d.maxPastSkew()).isEqualTo(Duration.ofDays(7));
        assertThat(d.maxFutureSkew()).isEqualTo(Duration.ofSeconds(30));
    }
}
