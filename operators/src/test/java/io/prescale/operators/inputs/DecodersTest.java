package io.prescale.operators.inputs;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.overrides.PolicyDefaults;
import io.prescale.ml.overrides.ScopeOverride;
import io.prescale.ml.policy.PrescaleConfig;
import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import io.prescale.model.DeadLetter;
import io.prescale.model.Feedback;
import io.prescale.model.JsonCodec;
import io.prescale.model.RawRecord;
import io.prescale.operators.feedback.ReceivedHint;
import io.prescale.operators.feedback.ReceivedRating;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class DecodersTest {
    private static final Instant T = Instant.parse("2017-01-01T10:00:00Z");

    /** The wall clock of {@link #feed}'s harnesses, and the future skew its decoders allow. */
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final PolicyDefaults DEFAULTS =
            new PolicyDefaults("default", 0, PrescaleConfig.defaults(0.01, 2, 288));

    private static RawRecord raw(String key, String value, long offset) {
        return new RawRecord(
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8),
                "topic",
                0,
                offset,
                0);
    }

    private static <T> OneInputStreamOperatorTestHarness<RawRecord, T> feed(
            ProcessFunction<RawRecord, T> f, RawRecord... records) throws Exception {
        var h = ProcessFunctionTestHarnesses.forProcessFunction(f);
        h.setProcessingTime(NOW.toEpochMilli());
        for (RawRecord r : records) {
            h.processElement(r, 0);
        }
        return h;
    }

    /** An APPLIED result of version 5 for vm's cpu, as JSON, stamped {@code at}. */
    private static String applied(Instant at) {
        return new String(
                JsonCodec.encode(
                        new ActuationResult(
                                "c", "vm", "cpu", 5, ActuationStatus.APPLIED, 2, "log", at, "")),
                StandardCharsets.UTF_8);
    }

    private static List<String> reasons(OneInputStreamOperatorTestHarness<RawRecord, ?> h) {
        return h.getSideOutput(Undecodable.DEAD_LETTERS).stream()
                .map(r -> ((DeadLetter) r.getValue()).offset() + ": " + r.getValue().reason())
                .toList();
    }

    @Test
    void overridesAreCheckedAgainstTheDefaultsAndTombstonesDeleteTheirScope() throws Exception {
        var h =
                feed(
                        new DecodeOverrides(DEFAULTS, 300_000),
                        raw("tenant:acme", "{\"v\":1,\"scope\":\"tenant:acme\",\"tier\":2}", 0),
                        raw("vm-1", "{\"v\":1,\"scope\":\"vm-1\",\"costRatio\":0.5}", 1),
                        raw("vm-2", "{\"v\":1,\"scope\":\"vm-1\",\"enabled\":false}", 2),
                        raw("vm-3", "{\"v\":1,\"scope\":\"vm-3\",\"leadTime\":\"PT0S\"}", 3),
                        raw("vm-4", "not json", 4),
                        raw("vm-5", null, 5),
                        raw(null, null, 6),
                        // a Duration this long has no milliseconds in a long
                        raw(
                                "vm-7",
                                "{\"v\":1,\"scope\":\"vm-7\",\"leadTime\":\"PT9300000000000000S\"}",
                                7),
                        // no override can have such a scope: the tombstone deletes nothing, said
                        raw("vm-\u001b8", null, 8));
        assertThat(h.extractOutputValues())
                .containsExactly(
                        new ScopeOverride(
                                "tenant:acme",
                                2,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                false),
                        ScopeOverride.removal("vm-5"));
        assertThat(reasons(h))
                .hasSize(7)
                .allSatisfy(r -> assertThat(r).contains("bad override"))
                .anySatisfy(r -> assertThat(r).startsWith("1: ").contains("costRatio"))
                .anySatisfy(r -> assertThat(r).startsWith("2: ").contains("record key 'vm-2'"))
                .anySatisfy(r -> assertThat(r).startsWith("3: ").contains("leadTime must be"))
                .anySatisfy(r -> assertThat(r).startsWith("4: "))
                .anySatisfy(r -> assertThat(r).startsWith("6: ").contains("tombstone"))
                .anySatisfy(r -> assertThat(r).startsWith("7: ").contains("leadTime must be"))
                .anySatisfy(
                        r ->
                                assertThat(r)
                                        .startsWith("8: ")
                                        .contains("a tombstone whose key no override has")
                                        .contains("U+001B"));
        assertThat(reasons(h).get(0)).contains("the previous policy stays");
    }

    @Test
    void feedbackIsSplitIntoHintsAndRatings() throws Exception {
        Feedback.Hint hint = new Feedback.Hint("vm", "cpu", 4, T, T.plusSeconds(600));
        Feedback.Rating rating = new Feedback.Rating("vm", "cpu", T, 3, "meh");
        Feedback.Hint elsewhere = new Feedback.Hint("vm", "disk", 4, T, T.plusSeconds(600));
        var f = new DecodeFeedback(Set.of("cpu", "mem"), null);
        var h =
                feed(
                        f,
                        raw("vm", new String(JsonCodec.encode(hint), StandardCharsets.UTF_8), 0),
                        raw("vm", new String(JsonCodec.encode(rating), StandardCharsets.UTF_8), 1),
                        raw("vm", "{\"v\":1,\"type\":\"hint\",\"entity\":\"vm\"}", 2),
                        raw(
                                "vm",
                                new String(JsonCodec.encode(elsewhere), StandardCharsets.UTF_8),
                                3));
        assertThat(h.extractOutputValues())
                .containsExactly(
                        new ReceivedHint(
                                hint,
                                raw(
                                        "vm",
                                        new String(JsonCodec.encode(hint), StandardCharsets.UTF_8),
                                        0)));
        assertThat(h.getSideOutput(DecodeFeedback.RATINGS))
                .extracting(r -> r.getValue())
                .containsExactly(
                        new ReceivedRating(
                                rating,
                                raw(
                                        "vm",
                                        new String(
                                                JsonCodec.encode(rating), StandardCharsets.UTF_8),
                                        1)));
        assertThat(reasons(h))
                .satisfiesExactly(
                        r -> assertThat(r).startsWith("2: bad feedback"),
                        r ->
                                assertThat(r)
                                        .isEqualTo(
                                                "3: bad feedback: a hint for metric 'disk', from"
                                                        + " which no resource is allocated (demand"
                                                        + " metrics: cpu, mem)"));
    }

    /**
     * The tester's rating of a forecast in 2099 waited in keyed state for ever, neither recorded
     * nor dead-lettered.
     */
    @Test
    void aRatingOfAForecastAheadOfTheClockIsDeadLettered() throws Exception {
        Instant now = Instant.parse("2026-12-04T12:00:00Z");
        String[] ratings =
                Stream.of("2099-01-01T00:00:00Z", "2026-12-04T12:05:00Z", "2017-01-01T10:00:00Z")
                        .map(
                                at ->
                                        new String(
                                                JsonCodec.encode(
                                                        new Feedback.Rating(
                                                                "vm",
                                                                "cpu",
                                                                Instant.parse(at),
                                                                4,
                                                                "")),
                                                StandardCharsets.UTF_8))
                        .toArray(String[]::new);
        var h =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new DecodeFeedback(Set.of("cpu"), Duration.ofMinutes(5)));
        h.setProcessingTime(now.toEpochMilli());
        for (int i = 0; i < ratings.length; i++) {
            h.processElement(raw("vm", ratings[i], i), 0);
        }

        assertThat(h.getSideOutput(DecodeFeedback.RATINGS))
                .extracting(r -> r.getValue().raw().offset())
                .containsExactly(1L, 2L);
        assertThat(reasons(h))
                .containsExactly(
                        "0: bad feedback: a rating of a forecast issued at 2099-01-01T00:00:00Z,"
                                + " more than 5 min (parser.max-future-skew) after now (2026-12-04T12:00:00Z): no forecast"
                                + " is rated before it is made");
    }

    /** The tester's hint under key vm-9999 for vm-1054036 was taken silently. */
    @Test
    void feedbackWhoseKeyIsNotItsEntityIsDeadLetteredAndCounted() throws Exception {
        String hint =
                new String(
                        JsonCodec.encode(
                                new Feedback.Hint("vm-1054036", "cpu", 60, T, T.plusSeconds(600))),
                        StandardCharsets.UTF_8);
        String rating =
                new String(
                        JsonCodec.encode(new Feedback.Rating("vm-1054036", "cpu", T, 4, "")),
                        StandardCharsets.UTF_8);
        var h =
                feed(
                        new DecodeFeedback(Set.of("cpu"), null),
                        raw("vm-9999", hint, 0),
                        raw("vm-9999", rating, 1),
                        raw(null, hint, 2));

        assertThat(h.extractOutputValues()).extracting(r -> r.raw().offset()).containsExactly(2L);
        assertThat(h.getSideOutput(DecodeFeedback.RATINGS)).isNullOrEmpty();
        assertThat(reasons(h))
                .containsExactly(
                        "0: bad feedback: record key 'vm-9999' is not the entity 'vm-1054036'",
                        "1: bad feedback: record key 'vm-9999' is not the entity 'vm-1054036'");
    }

    /** The tester's dead letters named Jackson's classes: "(class io.prescale.model...)". */
    @Test
    void anUnknownFieldOrTypeIsSaidInTheRecordsWords() throws Exception {
        var overrides =
                feed(
                        new DecodeOverrides(DEFAULTS, 300_000),
                        raw("vm-1", "{\"v\":1,\"scope\":\"vm-1\",\"maxx\":80}", 0));
        var feedback =
                feed(
                        new DecodeFeedback(Set.of("cpu"), null),
                        raw("vm-1", "{\"v\":1,\"type\":\"praise\",\"entity\":\"vm-1\"}", 0));

        assertThat(reasons(overrides))
                .singleElement(as(InstanceOfAssertFactories.STRING))
                .startsWith(
                        "0: bad override (the previous policy stays): PolicyOverride: unknown"
                                + " field 'maxx' (known: v, scope, tier, min, max, step, ")
                .doesNotContain("class");
        assertThat(reasons(feedback))
                .containsExactly(
                        "0: bad feedback: Feedback: unknown type 'praise' (known: hint, rating)");
    }

    @Test
    void wrongTypedFieldsAreDeadLetteredNotConverted() throws Exception {
        String rating =
                "{\"v\":1,\"type\":\"rating\",\"entity\":\"vm\",\"metric\":\"cpu\","
                        + "\"forecastIssuedAt\":\"2017-01-01T10:00:00Z\",\"score\":3.5}";
        var feedback = feed(new DecodeFeedback(Set.of("cpu"), null), raw("vm", rating, 0));
        assertThat(feedback.getSideOutput(DecodeFeedback.RATINGS)).isNullOrEmpty();
        assertThat(reasons(feedback))
                .containsExactly(
                        "0: bad feedback: Feedback.Rating.score must be a whole number, was 3.5");

        var overrides =
                feed(
                        new DecodeOverrides(DEFAULTS, 300_000),
                        raw("vm", "{\"v\":1,\"scope\":\"vm\",\"enabled\":0}", 0),
                        raw("vm", "{\"v\":1,\"scope\":\"vm\",\"min\":\"10\"}", 1));
        assertThat(overrides.extractOutputValues()).isEmpty();
        assertThat(reasons(overrides))
                .containsExactly(
                        "0: bad override (the previous policy stays): PolicyOverride.enabled must"
                                + " be true or false, was 0",
                        "1: bad override (the previous policy stays): PolicyOverride.min must be"
                                + " a finite number, was \"10\"");

        String result = applied(T).replace("\"version\":5", "\"version\":5.7");
        var actuations = feed(new DecodeActuations(SKEW), raw("vm", result, 0));
        assertThat(actuations.extractOutputValues()).isEmpty();
        assertThat(reasons(actuations))
                .containsExactly(
                        "0: bad actuation result: ActuationResult.version must be a whole number,"
                                + " was 5.7");
    }

    @Test
    void actuationResultsDecodeOrAreDeadLettered() throws Exception {
        ActuationResult r =
                new ActuationResult("c", "vm", "cpu", 3, ActuationStatus.FAILED, 2, "log", T, "x");
        var h =
                feed(
                        new DecodeActuations(SKEW),
                        raw("vm", new String(JsonCodec.encode(r), StandardCharsets.UTF_8), 0),
                        raw("vm", "{}", 1));
        assertThat(h.extractOutputValues()).containsExactly(r);
        assertThat(reasons(h)).singleElement().asString().startsWith("1: bad actuation result");
    }

    /**
     * The tester's result under key a03 for a03x made a ledger line for a03x; .feedback, .config
     * and .commands dead-letter the same mismatch. A result without a key is its entity's.
     */
    @Test
    void anActuationResultWhoseKeyIsNotItsEntityIsDeadLettered() throws Exception {
        ActuationResult r =
                new ActuationResult(
                        "c", "a03x", "cpu", 3, ActuationStatus.APPLIED, 2, "log", T, "");
        String json = new String(JsonCodec.encode(r), StandardCharsets.UTF_8);
        var h =
                feed(
                        new DecodeActuations(SKEW),
                        raw("a03", json, 0),
                        raw(null, json, 1),
                        raw("a03x", json, 2));
        assertThat(h.extractOutputValues()).containsExactly(r, r);
        assertThat(reasons(h))
                .containsExactly(
                        "0: bad actuation result: record key 'a03' is not the entity 'a03x'");
    }

    @Test
    void anActuationResultOfAnAmountBeyondTheBoundIsDeadLettered() throws Exception {
        String json =
                "{\"v\":1,\"commandId\":\"c\",\"entity\":\"vm\",\"resource\":\"cpu\",\"version\":5,"
                        + "\"status\":\"APPLIED\",\"appliedAmount\":1e300,\"backend\":\"log\","
                        + "\"time\":\"2024-03-01T12:00:00Z\",\"detail\":\"\"}";
        var h = feed(new DecodeActuations(SKEW), raw("vm", json, 0));
        assertThat(h.extractOutputValues()).isEmpty();
        assertThat(reasons(h))
                .containsExactly(
                        "0: bad actuation result: ActuationResult: appliedAmount = 1e300 is out"
                                + " of range [0, 1e18]");
    }

    /**
     * The ninetieth tester's result dated 2099 became the ledger's latest point in InfluxDB: a
     * result's time may lie at most parser.max-future-skew after the wall clock, as a sample's.
     */
    @Test
    void anActuationResultFromTheFutureIsDeadLettered() throws Exception {
        String[] results =
                Stream.of(
                                NOW.plus(SKEW),
                                NOW.plus(SKEW).plusMillis(1),
                                Instant.parse("2099-01-01T00:00:00Z"))
                        .map(DecodersTest::applied)
                        .toArray(String[]::new);
        var h =
                feed(
                        new DecodeActuations(SKEW),
                        raw("vm", results[0], 0),
                        raw("vm", results[1], 1),
                        raw("vm", results[2], 2));
        assertThat(h.extractOutputValues())
                .extracting(ActuationResult::time)
                .containsExactly(NOW.plus(SKEW));
        assertThat(reasons(h))
                .containsExactly(
                        "1: bad actuation result: time 2026-12-06T12:00:30.001Z is more than 30 s"
                                + " (parser.max-future-skew) after now (2026-12-06T12:00:00Z): a"
                                + " result is stamped when its command has been applied",
                        "2: bad actuation result: time 2099-01-01T00:00:00Z is more than 30 s"
                                + " (parser.max-future-skew) after now (2026-12-06T12:00:00Z): a"
                                + " result is stamped when its command has been applied");
    }
}
