package io.prescale.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonCodecTest {
    private static final Instant T = Instant.parse("2024-03-01T12:00:00Z");

    static Stream<Object> records() {
        return Stream.of(
                new MetricSample("vm-1", "t1", T, Map.of("cpu", 1.5), Map.of("zone", "a")),
                new Forecast(
                        "vm-1", "cpu", T, 300, 2, 3.5, Map.of(0.95, 7.0, 0.5, 3.0), "ensemble"),
                new ScaleCommand(
                        "c-1",
                        "vm-1",
                        "cpu",
                        ScaleAction.PREWARM,
                        2.5,
                        "vcpu",
                        1.0,
                        7,
                        "forecast q0.99",
                        0.99,
                        2,
                        0.8,
                        1,
                        T,
                        T.plusSeconds(600),
                        T.plusSeconds(3600)),
                new Alert(
                        "a-1",
                        "vm-1",
                        "cpu",
                        AlertKind.SPIKE,
                        Severity.WARNING,
                        0.97,
                        99,
                        10,
                        40,
                        T),
                new ActuationResult(
                        "c-1", "vm-1", "cpu", 7, ActuationStatus.APPLIED, 2.5, "log", T, "ok"),
                new PolicyOverride(
                        "tenant:acme",
                        0,
                        0.25,
                        8.0,
                        0.25,
                        0.01,
                        null,
                        Duration.ofMinutes(10),
                        true,
                        "batch"),
                new Feedback.Hint("vm-1", "cpu", 4, T, T.plusSeconds(3600)),
                new Feedback.Rating("vm-1", "cpu", T, 4, "close"),
                new WindowAggregate("vm-1", "cpu", T, T.plusSeconds(300), 3, 2.0, 3.0, 3.0),
                new DeadLetter(
                        new byte[] {1, 2},
                        "{bad".getBytes(StandardCharsets.UTF_8),
                        "prescale.metrics",
                        1,
                        42,
                        "malformed json",
                        T));
    }

    @ParameterizedTest
    @MethodSource("records")
    void roundTripsWithItsVersion(Object record) {
        byte[] json = JsonCodec.encode(record);
        assertThat(new String(json, StandardCharsets.UTF_8)).startsWith("{\"v\":1,");
        Class<?> type = record instanceof Feedback ? Feedback.class : record.getClass();
        assertThat(JsonCodec.decode(json, type)).isEqualTo(record);
    }

    @ParameterizedTest
    @MethodSource("records")
    void rejectsAnUnknownVersionOfEveryRecord(Object record) {
        String json = new String(JsonCodec.encode(record), StandardCharsets.UTF_8);
        Class<?> type = record instanceof Feedback ? Feedback.class : record.getClass();
        assertThatThrownBy(() -> decode(json.replace("{\"v\":1,", "{\"v\":99,"), type))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("unknown record version v=99 (this reader knows v=1)");
        assertThatThrownBy(() -> decode(json.replace("{\"v\":1,", "{"), type))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("record version 'v' is missing");
    }

    /** A metric sample on another record's topic says what it looks like, not only its version. */
    @Test
    void aMetricSampleForFeedbackIsSaidToBeOne() {
        for (String sample :
                new String[] {
                    "{\"entity\":\"vm-1\",\"metric\":\"cpu_pct\",\"value\":42}",
                    "{\"entity\":\"vm-1\",\"metrics\":{\"cpu_pct\":42.5}}"
                }) {
            assertThatThrownBy(() -> decode(sample, Feedback.class))
                    .isInstanceOf(InvalidRecordException.class)
                    .hasMessageEndingWith(
                            "looks like a metric sample (a 'value' or 'metrics', no 'type'):"
                                    + " samples go to the metrics topic");
        }
    }

    /** Whatever bytes arrive, decode fails only with a named InvalidRecordException. */
    @ParameterizedTest
    @MethodSource("records")
    void everyTruncationFailsWithANamedError(Object record) {
        byte[] json = JsonCodec.encode(record);
        Class<?> type = record instanceof Feedback ? Feedback.class : record.getClass();
        for (int n = 0; n < json.length; n++) {
            byte[] cut = Arrays.copyOf(json, n);
            assertThatThrownBy(() -> JsonCodec.decode(cut, type))
                    .isInstanceOf(InvalidRecordException.class)
                    .message()
                    .isNotBlank();
        }
    }

    @Test
    void writesInstantsAndDurationsAsIso8601() {
        String json =
                new String(
                        JsonCodec.encode(
                                new PolicyOverride(
                                        "vm",
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        Duration.ofMinutes(10),
                                        null)),
                        StandardCharsets.UTF_8);
        assertThat(json).contains("\"leadTime\":\"PT10M\"");
        assertThat(new String(JsonCodec.encode(RecordValidationTest.ALERT), StandardCharsets.UTF_8))
                .contains("\"time\":\"2024-03-01T12:00:00Z\"");
    }

    @Test
    void policyOverrideMayOmitWhatItInherits() {
        assertThat(decode("{\"v\":1,\"scope\":\"tenant:acme\",\"max\":8}", PolicyOverride.class))
                .isEqualTo(
                        new PolicyOverride(
                                "tenant:acme", null, null, 8.0, null, null, null, null, null));
    }

    private static final String ALERT =
            "{\"v\":1,\"id\":\"a\",\"entity\":\"e\",\"metric\":\"m\",\"kind\":\"SPIKE\","
                    + "\"severity\":\"INFO\",\"score\":0.5,\"observed\":1,\"expectedLower\":0,"
                    + "\"expectedUpper\":2,\"time\":\"2024-03-01T12:00:00Z\"}";

    private static final String ACTUATION =
            "{\"v\":1,\"commandId\":\"c\",\"entity\":\"e\",\"resource\":\"cpu\","
                    + "\"version\":5,\"status\":\"APPLIED\",\"appliedAmount\":2,"
                    + "\"backend\":\"log\",\"time\":\"2024-03-01T12:00:00Z\",\"detail\":\"\"}";

    private static final String RATING =
            "{\"v\":1,\"type\":\"rating\",\"entity\":\"e\",\"metric\":\"m\","
                    + "\"forecastIssuedAt\":\"2024-03-01T12:00:00Z\",\"score\":3,"
                    + "\"comment\":\"\"}";
    private static final String HINT =
            "{\"v\":1,\"type\":\"hint\",\"entity\":\"e\",\"metric\":\"m\",\"amount\":1,"
                    + "\"from\":\"2024-03-01T12:00:00Z\",\"to\":\"2024-03-01T13:00:00Z\"}";

    static Stream<Arguments> badRecords() {
        return Stream.of(
                Arguments.of(
                        ALERT.replace("0.5", "1.5"),
                        Alert.class,
                        "Alert: score must be in [0, 1], was 1.5"),
                Arguments.of(
                        ALERT.replace("SPIKE", "SPOKE"),
                        Alert.class,
                        "Alert.kind: unknown value 'SPOKE' (known: SPIKE, "),
                Arguments.of(
                        ALERT.replace("\"SPIKE\"", "0"),
                        Alert.class,
                        "Alert.kind must be a string, was 0"),
                Arguments.of(
                        ALERT.replace("0.5", "\"high\""),
                        Alert.class,
                        "Alert.score must be a finite number, was \"high\""),
                Arguments.of(
                        ALERT.replace("0.5", "null"),
                        Alert.class,
                        "Alert.score must be a finite number, was null"),
                Arguments.of(
                        ALERT.replace("\"score\":0.5,", ""), Alert.class, "Alert.score is missing"),
                Arguments.of(
                        ALERT.replace("\"2024-03-01T12:00:00Z\"", "1709294400000"),
                        Alert.class,
                        "Alert.time must be an ISO-8601 string such as 2024-03-01T12:00:00Z, was 1709294400000"),
                Arguments.of(
                        ALERT.replace("\"2024-03-01T12:00:00Z\"", "\"noon\""),
                        Alert.class,
                        "Alert.time: 'noon' is not ISO-8601 (e.g. 2024-03-01T12:00:00Z)"),
                Arguments.of(
                        ALERT.replace("\"2024-03-01T12:00:00Z\"", "\"2024-03-01T12:00:00\""),
                        Alert.class,
                        "Alert.time: '2024-03-01T12:00:00' has no time zone; add Z (UTC) or an"
                                + " offset"),
                Arguments.of(
                        ALERT.replace("\"2024-03-01T12:00:00Z\"", "\"2024-03-01T13:00:00+0100\""),
                        Alert.class,
                        "Alert.time: '2024-03-01T13:00:00+0100' has an offset without its colon;"
                                + " write 2024-03-01T13:00:00+01:00"),
                Arguments.of(
                        ALERT.replace("}", ",\"colour\":\"red\"}"),
                        Alert.class,
                        "Alert: unknown field 'colour' (known: v, id, entity, "),
                Arguments.of(
                        ALERT.replace("}", ",\"score\":0.6}"),
                        Alert.class,
                        "malformed json: Duplicate field 'score' (line 1"),
                Arguments.of(
                        ALERT + "{}",
                        Alert.class,
                        "malformed json: content after the Alert object (line 1, column 167); one record per payload"),
                Arguments.of("{\"v\":1,", Alert.class, "malformed json: Unexpected end-of-input"),
                Arguments.of("[1]", Alert.class, "Alert json must be an object, was array"),
                Arguments.of("", Alert.class, "Alert json must be an object, was empty"),
                Arguments.of(
                        HINT.replace("1,\"from", "-1,\"from"),
                        Feedback.class,
                        "Feedback.Hint: amount must be >= 0, was -1"),
                Arguments.of(
                        HINT.replace("1,\"from", "1e300,\"from"),
                        Feedback.class,
                        "Feedback.Hint: amount = 1e300 is out of range [0, 1e18]"),
                Arguments.of(
                        ACTUATION.replace("\"appliedAmount\":2", "\"appliedAmount\":NaN"),
                        ActuationResult.class,
                        "malformed json: 'NaN' is not a number in JSON (neither NaN nor Infinity"
                                + " is); a value must be a finite number (line 1, column"),
                Arguments.of(
                        HINT.replace("\"amount\":1,", ""),
                        Feedback.class,
                        "Feedback.Hint.amount is missing"),
                Arguments.of(
                        HINT.replace("\"type\":\"hint\",", ""),
                        Feedback.class,
                        "Feedback: field 'type' is missing (known: hint, rating)"),
                Arguments.of(
                        HINT.replace("}", ",\"x\":2}"),
                        Feedback.class,
                        "Feedback.Hint: unknown field 'x' (known: v, type, entity, metric, amount,"
                                + " from, to)"),
                Arguments.of(
                        "{\"v\":1,\"scope\":\"vm-1\",\"maxx\":80}",
                        PolicyOverride.class,
                        "PolicyOverride: unknown field 'maxx' (known: v, scope, tier, min, max, "),
                Arguments.of(
                        HINT.replace("}", ",\"amout\":2}"),
                        Feedback.class,
                        "Feedback.Hint: unknown field 'amout' (known: v, type, entity, metric,"
                                + " amount, from, to); did you mean 'amount'?"),
                Arguments.of(
                        "{\"v\":1,\"scope\":\"vm-1\",\"leadTime\":\"10 minutes\"}",
                        PolicyOverride.class,
                        "PolicyOverride.leadTime: '10 minutes' is not an ISO-8601 duration such as"
                                + " PT10M"),
                Arguments.of(
                        HINT.replace("hint", "wish"),
                        Feedback.class,
                        "Feedback: unknown type 'wish' (known: hint, rating)"),
                Arguments.of(
                        RATING.replace("\"score\":3", "\"score\":3.5"),
                        Feedback.class,
                        "Feedback.Rating.score must be a whole number, was 3.5"),
                Arguments.of(
                        RATING.replace("\"score\":3", "\"score\":\"3\""),
                        Feedback.class,
                        "Feedback.Rating.score must be a whole number, was \"3\""),
                Arguments.of(
                        HINT.replace("\"amount\":1", "\"amount\":\"1\""),
                        Feedback.class,
                        "Feedback.Hint.amount must be a finite number, was \"1\""),
                Arguments.of(
                        HINT.replace("\"metric\":\"m\"", "\"metric\":7"),
                        Feedback.class,
                        "Feedback.Hint.metric must be a string, was 7"),
                Arguments.of(
                        "{\"v\":1,\"scope\":\"vm\",\"enabled\":0}",
                        PolicyOverride.class,
                        "PolicyOverride.enabled must be true or false, was 0"),
                Arguments.of(
                        "{\"v\":1,\"scope\":\"vm\",\"enabled\":\"false\"}",
                        PolicyOverride.class,
                        "PolicyOverride.enabled must be true or false, was \"false\""),
                Arguments.of(
                        "{\"v\":1,\"scope\":\"vm\",\"min\":\"10\"}",
                        PolicyOverride.class,
                        "PolicyOverride.min must be a finite number, was \"10\""),
                Arguments.of(
                        "{\"v\":1,\"scope\":\"vm\",\"tier\":1.0}",
                        PolicyOverride.class,
                        "PolicyOverride.tier must be a whole number, was 1.0"),
                Arguments.of(
                        "{\"v\":1,\"scope\":\"vm\",\"tier\":2147483648}",
                        PolicyOverride.class,
                        "PolicyOverride.tier must be a whole number from -2147483648 to"
                                + " 2147483647, was 2147483648"),
                Arguments.of(
                        ACTUATION.replace("\"version\":5", "\"version\":5.7"),
                        ActuationResult.class,
                        "ActuationResult.version must be a whole number, was 5.7"),
                Arguments.of(
                        ACTUATION.replace("\"appliedAmount\":2", "\"appliedAmount\":true"),
                        ActuationResult.class,
                        "ActuationResult.appliedAmount must be a finite number, was true"),
                Arguments.of(
                        "{\"v\":1,\"scope\":\"vm\",\"leadTime\":600}",
                        PolicyOverride.class,
                        "PolicyOverride.leadTime must be an ISO-8601 string such as PT10M, was 600"),
                Arguments.of(
                        "{\"v\":1,\"entity\":\"e\",\"ts\":\"2024-03-01T12:00:00Z\",\"metrics\":{\"c\":null}}",
                        MetricSample.class,
                        "MetricSample: metrics.c must not be null"));
    }

    /**
     * A null, a value of another JSON type, and a required field left out, in each record of the
     * job's inputs: each names the record and the field, never in Jackson's words. A null where a
     * number goes said {@code Cannot map `null` into type `double` (set
     * DeserializationConfig.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES to 'false' to
     * allow)}; a required field left out said {@code Feedback: from must not be null}; a map's
     * value of another type said {@code Cannot deserialize value of type `java.lang.Double` from
     * Boolean value (token `JsonToken.VALUE_TRUE`)}.
     */
    static Stream<Arguments> nullWrongTypeAndMissingFields() {
        String command =
                new String(JsonCodec.encode(RecordValidationTest.COMMAND), StandardCharsets.UTF_8);
        String sample =
                "{\"v\":1,\"entity\":\"e\",\"ts\":\"2024-03-01T12:00:00Z\",\"metrics\":{\"c\":1}}";
        return Stream.of(
                // null
                Arguments.of(
                        HINT.replace("\"amount\":1", "\"amount\":null"),
                        Feedback.class,
                        "Feedback.Hint.amount must be a finite number, was null"),
                Arguments.of(
                        RATING.replace("\"score\":3", "\"score\":null"),
                        Feedback.class,
                        "Feedback.Rating.score must be a whole number, was null"),
                Arguments.of(
                        ACTUATION.replace("\"version\":5", "\"version\":null"),
                        ActuationResult.class,
                        "ActuationResult.version must be a whole number, was null"),
                Arguments.of(
                        ACTUATION.replace("\"appliedAmount\":2", "\"appliedAmount\":null"),
                        ActuationResult.class,
                        "ActuationResult.appliedAmount must be a finite number, was null"),
                Arguments.of(
                        command.replaceFirst("\"targetAmount\":[^,]*", "\"targetAmount\":null"),
                        ScaleCommand.class,
                        "ScaleCommand.targetAmount must be a finite number, was null"),
                Arguments.of(
                        ACTUATION.replace("\"APPLIED\"", "null"),
                        ActuationResult.class,
                        "ActuationResult: status must not be null"),
                Arguments.of(
                        "{\"v\":1,\"scope\":null}",
                        PolicyOverride.class,
                        "PolicyOverride: scope must not be blank, was null"),
                // another JSON type
                Arguments.of(
                        ACTUATION.replace("\"appliedAmount\":2", "\"appliedAmount\":\"2\""),
                        ActuationResult.class,
                        "ActuationResult.appliedAmount must be a finite number, was \"2\""),
                Arguments.of(
                        "{\"v\":1,\"scope\":\"vm\",\"max\":{}}",
                        PolicyOverride.class,
                        "PolicyOverride.max must be a finite number, was {}"),
                Arguments.of(
                        HINT.replace("\"from\":\"2024-03-01T12:00:00Z\"", "\"from\":[]"),
                        Feedback.class,
                        "Feedback.Hint.from must be a string, was []"),
                Arguments.of(
                        sample.replace("{\"c\":1}", "{\"c\":true}"),
                        MetricSample.class,
                        "MetricSample.metrics.c must be a finite number, was true"),
                Arguments.of(
                        sample.replace("}}", "},\"labels\":\"x\"}"),
                        MetricSample.class,
                        "MetricSample.labels must be an object, was \"x\""),
                // a required field left out
                Arguments.of(
                        HINT.replace(",\"from\":\"2024-03-01T12:00:00Z\"", ""),
                        Feedback.class,
                        "Feedback.Hint.from is missing"),
                Arguments.of(
                        RATING.replace("\"entity\":\"e\",", ""),
                        Feedback.class,
                        "Feedback.Rating.entity is missing"),
                Arguments.of(
                        "{\"v\":1,\"tier\":1}",
                        PolicyOverride.class,
                        "PolicyOverride.scope is missing"),
                Arguments.of(
                        ACTUATION.replace(",\"time\":\"2024-03-01T12:00:00Z\"", ""),
                        ActuationResult.class,
                        "ActuationResult.time is missing"),
                Arguments.of(
                        command.replaceFirst(",\"leaseExpiry\":\"[^\"]*\"", ""),
                        ScaleCommand.class,
                        "ScaleCommand.leaseExpiry is missing"));
    }

    @ParameterizedTest
    @MethodSource("nullWrongTypeAndMissingFields")
    void aNullAWrongTypeOrAMissingFieldIsNamedWithItsRecord(
            String json, Class<?> type, String message) {
        assertThatThrownBy(() -> decode(json, type))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @MethodSource("badRecords")
    void namesTheFieldAndValueThatIsWrong(String json, Class<?> type, String message) {
        assertThatThrownBy(() -> decode(json, type))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith(message);
    }

    /**
     * It said "(start marker at [Source: REDACTED (`StreamReadFeature...` disabled); line: 1, ...".
     */
    @Test
    void anObjectLeftOpenSaysWhereItStartedWithoutJacksonsSource() {
        assertThatThrownBy(() -> decode("{\"v\":1,\"x\":{\"y\":2}", Alert.class))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage(
                        "malformed json: Unexpected end-of-input: expected close marker for Object"
                                + " (start marker at line 1, column 1) (line 1, column 19)");
    }

    @Test
    void nullBytesAreANamedError() {
        assertThatThrownBy(() -> JsonCodec.decode(null, ScaleCommand.class))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("ScaleCommand record is null");
    }

    @Test
    void encodingNullIsABug() {
        assertThatThrownBy(() -> JsonCodec.encode(null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Object decode(String json, Class<?> type) {
        return JsonCodec.decode(json.getBytes(StandardCharsets.UTF_8), type);
    }
}
