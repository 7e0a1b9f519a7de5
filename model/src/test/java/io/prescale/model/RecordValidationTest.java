package io.prescale.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of every record's compact constructor, one valid record changed one field at a time.
 */
class RecordValidationTest {
    private static final Instant T = Instant.parse("2024-03-01T12:00:00Z");

    static final MetricSample SAMPLE =
            new MetricSample("vm-1", "t1", T, Map.of("cpu", 1.5), Map.of("zone", "a"));
    static final Forecast FORECAST =
            new Forecast("vm-1", "cpu", T, 300, 2, 3.5, Map.of(0.5, 3.0, 0.95, 7.0), "ensemble");
    static final ScaleCommand COMMAND =
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
                    T.plusSeconds(3600));
    static final Alert ALERT =
            new Alert("a-1", "vm-1", "cpu", AlertKind.SPIKE, Severity.WARNING, 0.97, 99, 10, 40, T);
    static final ActuationResult RESULT =
            new ActuationResult(
                    "c-1", "vm-1", "cpu", 7, ActuationStatus.APPLIED, 2.5, "log", T, "ok");
    static final GatedCommand GATED = GatedCommand.superseded(COMMAND, 7);
    static final PolicyOverride OVERRIDE =
            new PolicyOverride(
                    "tenant:acme", 0, 0.25, 8.0, 0.25, 0.01, null, Duration.ofMinutes(10), true);
    static final Feedback.Hint HINT = new Feedback.Hint("vm-1", "cpu", 4, T, T.plusSeconds(3600));
    static final Feedback.Rating RATING = new Feedback.Rating("vm-1", "cpu", T, 4, "close");
    static final WindowAggregate WINDOW =
            new WindowAggregate("vm-1", "cpu", T, T.plusSeconds(300), 3, 2.0, 3.0, 3.0);
    static final DeadLetter DEAD =
            new DeadLetter(new byte[] {1}, new byte[] {2}, "prescale.metrics", 1, 42, "bad", T);

    static Stream<Arguments> violations() {
        Map<String, Double> nullValue = new HashMap<>();
        nullValue.put("cpu", null);
        Map<String, String> nullLabel = new HashMap<>();
        nullLabel.put("zone", null);
        return Stream.of(
                bad(SAMPLE, "entity", null, "entity must not be blank, was null"),
                bad(SAMPLE, "entity", " ", "entity must not be blank, was ' '"),
                bad(SAMPLE, "tenant", "", "tenant must not be blank, was ''"),
                bad(SAMPLE, "ts", null, "ts must not be null"),
                bad(SAMPLE, "metrics", null, "metrics must hold at least one value, was null"),
                bad(SAMPLE, "metrics", Map.of(), "metrics must hold at least one value, was {}"),
                bad(
                        SAMPLE,
                        "metrics",
                        Map.of("cpu", Double.NaN),
                        "metrics.cpu must be finite, was NaN"),
                bad(
                        SAMPLE,
                        "metrics",
                        Map.of("cpu", Double.NEGATIVE_INFINITY),
                        "metrics.cpu must be finite, was -Infinity"),
                bad(SAMPLE, "metrics", nullValue, "metrics.cpu must not be null"),
                bad(SAMPLE, "metrics", Map.of(" ", 1.0), "metrics key must not be blank, was ' '"),
                bad(
                        SAMPLE,
                        "entity",
                        "vm\\",
                        "entity 'vm\\' ends with a backslash, which InfluxDB cannot store"),
                bad(
                        SAMPLE,
                        "entity",
                        "x".repeat(100_000),
                        "entity '"
                                + "x".repeat(64)
                                + "...' is 100000 characters long, more than the 1024 a name may"
                                + " have"),
                bad(
                        SAMPLE,
                        "tenant",
                        "t".repeat(1025),
                        "tenant '"
                                + "t".repeat(64)
                                + "...' is 1025 characters long, more than the 1024 a name may"
                                + " have"),
                bad(
                        SAMPLE,
                        "metrics",
                        numbered(257, 1.0),
                        "metrics holds 257 values, more than the 256 a sample may carry (each"
                                + " metric of an entity is a series with its own forecasters and"
                                + " state)"),
                bad(
                        SAMPLE,
                        "labels",
                        numbered(65, "v"),
                        "labels holds 65 entries, more than the 64 a record may carry"),
                bad(
                        SAMPLE,
                        "labels",
                        Map.of("zone", "z".repeat(2000)),
                        "labels.zone '"
                                + "z".repeat(64)
                                + "...' is 2000 characters long, more than the 1024 a name may"
                                + " have"),
                bad(
                        SAMPLE,
                        "metrics",
                        Map.of("cpu\nload", 1.0),
                        "metrics key 'cpu\\nload' contains a line break, which InfluxDB cannot"
                                + " store"),
                bad(SAMPLE, "labels", nullLabel, "labels.zone must not be null"),
                bad(SAMPLE, "labels", Map.of("", "a"), "labels key must not be blank, was ''"),
                bad(FORECAST, "entity", "", "entity must not be blank, was ''"),
                bad(FORECAST, "metric", null, "metric must not be blank, was null"),
                bad(FORECAST, "issuedAt", null, "issuedAt must not be null"),
                bad(FORECAST, "stepSeconds", 0L, "stepSeconds must be >= 1, was 0"),
                bad(FORECAST, "horizon", 0, "horizon must be >= 1, was 0"),
                bad(FORECAST, "mean", Double.NaN, "mean must be finite, was NaN"),
                bad(
                        FORECAST,
                        "quantiles",
                        Map.of(0.0, 1.0),
                        "quantiles key (the level) must be in (0, 1), was 0.0"),
                bad(
                        FORECAST,
                        "quantiles",
                        Map.of(1.0, 1.0),
                        "quantiles key (the level) must be in (0, 1), was 1.0"),
                bad(
                        FORECAST,
                        "quantiles",
                        Map.of(0.9, Double.NaN),
                        "quantiles.0.9 must be finite, was NaN"),
                bad(FORECAST, "model", " ", "model must not be blank, was ' '"),
                bad(COMMAND, "id", "", "id must not be blank, was ''"),
                bad(COMMAND, "entity", null, "entity must not be blank, was null"),
                bad(COMMAND, "resource", "", "resource must not be blank, was ''"),
                bad(COMMAND, "action", null, "action must not be null"),
                bad(COMMAND, "targetAmount", -1.0, "targetAmount must be >= 0, was -1"),
                bad(COMMAND, "targetAmount", Double.NaN, "targetAmount must be finite, was NaN"),
                bad(COMMAND, "unit", "", "unit must not be blank, was ''"),
                bad(COMMAND, "previousAmount", -0.5, "previousAmount must be >= 0, was -0.5"),
                bad(COMMAND, "version", -1L, "version must be >= 0, was -1"),
                bad(COMMAND, "reason", null, "reason must not be null"),
                bad(
                        COMMAND,
                        "forecastQuantile",
                        1.5,
                        "forecastQuantile must be in [0, 1], was 1.5"),
                bad(
                        COMMAND,
                        "forecastHorizonSteps",
                        -1,
                        "forecastHorizonSteps must be >= 0, was -1"),
                bad(COMMAND, "confidence", -0.1, "confidence must be in [0, 1], was -0.1"),
                bad(COMMAND, "tier", -1, "tier must be >= 0, was -1"),
                bad(COMMAND, "issuedAt", null, "issuedAt must not be null"),
                bad(COMMAND, "neededBy", null, "neededBy must not be null"),
                bad(COMMAND, "leaseExpiry", null, "leaseExpiry must not be null"),
                bad(ALERT, "id", " ", "id must not be blank, was ' '"),
                bad(ALERT, "metric", "", "metric must not be blank, was ''"),
                bad(ALERT, "kind", null, "kind must not be null"),
                bad(ALERT, "severity", null, "severity must not be null"),
                bad(ALERT, "score", 1.5, "score must be in [0, 1], was 1.5"),
                bad(ALERT, "score", Double.NaN, "score must be finite, was NaN"),
                bad(
                        ALERT,
                        "observed",
                        Double.POSITIVE_INFINITY,
                        "observed must be finite, was Infinity"),
                bad(
                        ALERT,
                        "expectedLower",
                        50.0,
                        "expectedLower (50.0) must be <= expectedUpper (40.0)"),
                bad(ALERT, "time", null, "time must not be null"),
                bad(RESULT, "commandId", "", "commandId must not be blank, was ''"),
                bad(RESULT, "resource", null, "resource must not be blank, was null"),
                bad(RESULT, "version", -1L, "version must be >= 0, was -1"),
                bad(RESULT, "status", null, "status must not be null"),
                bad(RESULT, "appliedAmount", -1.0, "appliedAmount must be >= 0, was -1"),
                bad(RESULT, "backend", " ", "backend must not be blank, was ' '"),
                bad(RESULT, "time", null, "time must not be null"),
                bad(
                        RESULT,
                        "backend",
                        "log\\",
                        "backend 'log\\' ends with a backslash, which InfluxDB cannot store"),
                bad(GATED, "command", null, "command must not be null"),
                bad(GATED, "newestVersion", 6L, "newestVersion must be >= 7, was 6"),
                bad(
                        OVERRIDE,
                        "pool",
                        "batch\n",
                        "pool 'batch\\n' contains a line break, which InfluxDB cannot store"),
                bad(
                        HINT,
                        "metric",
                        "cpu\\",
                        "metric 'cpu\\' ends with a backslash, which InfluxDB cannot store"),
                bad(OVERRIDE, "scope", "", "scope must not be blank, was ''"),
                bad(
                        OVERRIDE,
                        "scope",
                        "tenant:" + "a".repeat(1024),
                        "scope 'tenant:"
                                + "a".repeat(57)
                                + "...' is 1031 characters long, more than the 1024 a name may"
                                + " have"),
                bad(
                        OVERRIDE,
                        "scope",
                        "tenant:",
                        "scope 'tenant:' needs a tenant id after 'tenant:'"),
                bad(
                        OVERRIDE,
                        "scope",
                        "tenant: ",
                        "scope 'tenant: ' needs a tenant id after 'tenant:'"),
                bad(OVERRIDE, "tier", -1, "tier must be >= 0, was -1"),
                bad(OVERRIDE, "min", -1.0, "min must be >= 0, was -1"),
                bad(OVERRIDE, "max", Double.NaN, "max must be finite, was NaN"),
                bad(OVERRIDE, "min", 9.0, "min (9) must be <= max (8)"),
                bad(OVERRIDE, "step", 0.0, "step must be > 0, was 0"),
                // the forty-fifth tester's floor of 1e300 was commanded
                bad(OVERRIDE, "min", 1e300, "min = 1e300 is out of range [0, 1e18]"),
                bad(OVERRIDE, "max", 1e19, "max = 1e19 is out of range [0, 1e18]"),
                bad(OVERRIDE, "step", 1e299, "step = 1e299 is out of range [0, 1e18]"),
                bad(
                        OVERRIDE,
                        "targetViolation",
                        0.0,
                        "targetViolation must be in [0.0001, 0.5], was 0"),
                bad(
                        OVERRIDE,
                        "targetViolation",
                        0.6,
                        "targetViolation must be in [0.0001, 0.5], was 0.6"),
                bad(
                        OVERRIDE,
                        "costRatio",
                        2.0,
                        "give targetViolation or costRatio, not both (were 0.01 and 2)"),
                bad(
                        OVERRIDE,
                        "leadTime",
                        Duration.ofSeconds(-1),
                        "leadTime must not be negative, was PT-1S"),
                bad(HINT, "entity", "", "entity must not be blank, was ''"),
                bad(HINT, "metric", null, "metric must not be blank, was null"),
                bad(HINT, "amount", -1.0, "amount must be >= 0, was -1"),
                bad(HINT, "amount", 1e300, "amount = 1e300 is out of range [0, 1e18]"),
                bad(
                        HINT,
                        "amount",
                        Math.nextUp(ParserConfig.VALUE_BOUND),
                        "amount = 1.00000000000000013e18 is out of range [0, 1e18]"),
                bad(HINT, "from", null, "from must not be null"),
                bad(
                        HINT,
                        "to",
                        T,
                        "to (2024-03-01T12:00:00Z) must be after from (2024-03-01T12:00:00Z)"),
                bad(RATING, "forecastIssuedAt", null, "forecastIssuedAt must not be null"),
                bad(RATING, "score", 0, "score must be in [1, 5], was 0"),
                bad(RATING, "score", 6, "score must be in [1, 5], was 6"),
                bad(WINDOW, "windowStart", null, "windowStart must not be null"),
                bad(
                        WINDOW,
                        "windowEnd",
                        T,
                        "windowEnd (2024-03-01T12:00:00Z) must be after windowStart (2024-03-01T12:00:00Z)"),
                bad(WINDOW, "count", 0L, "count must be >= 1, was 0"),
                bad(WINDOW, "p95", Double.NaN, "p95 must be finite, was NaN"),
                bad(DEAD, "topic", null, "topic must not be null"),
                bad(DEAD, "reason", " ", "reason must not be blank, was ' '"),
                bad(DEAD, "rejectedAt", null, "rejectedAt must not be null"));
    }

    /** A map of {@code n} entries {@code k0..k(n-1)}, each to {@code value}. */
    private static <V> Map<String, V> numbered(int n, V value) {
        Map<String, V> map = new HashMap<>();
        for (int i = 0; i < n; i++) {
            map.put("k" + i, value);
        }
        return map;
    }

    private static Arguments bad(Record valid, String field, Object value, String message) {
        return Arguments.of(
                valid.getClass().getSimpleName() + "." + field, valid, field, value, message);
    }

    @ParameterizedTest(name = "{0} = {3}")
    @MethodSource("violations")
    void rejectsNamingFieldAndValue(
            String name, Record valid, String field, Object value, String message) {
        assertThatThrownBy(() -> with(valid, field, value))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage(message);
    }

    @Test
    void aHintMayAskForAsMuchAsASampleMayMeasure() throws Exception {
        assertThat(with(HINT, "amount", ParserConfig.VALUE_BOUND))
                .extracting("amount")
                .isEqualTo(1e18);
    }

    static Stream<Arguments> nullableFields() {
        return Stream.of(
                Arguments.of(SAMPLE, "tenant"),
                Arguments.of(SAMPLE, "labels"),
                Arguments.of(FORECAST, "quantiles"),
                Arguments.of(RESULT, "detail"),
                Arguments.of(OVERRIDE, "tier"),
                Arguments.of(OVERRIDE, "min"),
                Arguments.of(OVERRIDE, "max"),
                Arguments.of(OVERRIDE, "step"),
                Arguments.of(OVERRIDE, "targetViolation"),
                Arguments.of(OVERRIDE, "leadTime"),
                Arguments.of(OVERRIDE, "enabled"),
                Arguments.of(RATING, "comment"),
                Arguments.of(DEAD, "key"),
                Arguments.of(DEAD, "value"));
    }

    @ParameterizedTest(name = "{0}.{1} may be null")
    @MethodSource("nullableFields")
    void acceptsNullWhereNullMeansAbsent(Record valid, String field) throws Exception {
        assertThat(with(valid, field, null)).isNotNull();
    }

    @Test
    void namesWithWhatLineProtocolEscapesAreAccepted() {
        String name = "vm 1,zone=a\\,b\\x\tc";
        assertThat(new MetricSample(name, null, T, Map.of(name, 1.0), Map.of()).entity())
                .isEqualTo(name);
    }

    /**
     * The twenty-eighth tester's entity with a NUL was stored and commanded, and every command
     * failed at the process-pool backend, retried; a control character other than the tab is
     * refused in every name, tags and tenants alike, saying which and where.
     */
    @Test
    void aControlCharacterOtherThanTheTabIsRefusedInAName() {
        assertThatThrownBy(
                        () ->
                                new MetricSample(
                                        "vm-\u0000nul", null, T, Map.of("cpu", 1.0), Map.of()))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage(
                        "entity 'vm-?nul' contains the control character U+0000 at 3, which names"
                                + " and labels may not");
        assertThatThrownBy(
                        () ->
                                new MetricSample(
                                        "vm-1", "acme\u001b[31m", T, Map.of("cpu", 1.0), Map.of()))
                .hasMessageContaining("tenant 'acme?[31m' contains the control character U+001B");
        assertThatThrownBy(
                        () -> new MetricSample("vm-1", null, T, Map.of("cpu\u007f", 1.0), Map.of()))
                .hasMessageContaining("U+007F");
        // a C1 control (U+0085, U+009B the terminal's CSI) is shown as ? too
        assertThatThrownBy(
                        () ->
                                new MetricSample(
                                        "vm-\u009b2J", null, T, Map.of("cpu", 1.0), Map.of()))
                .hasMessageStartingWith("entity 'vm-?2J' contains the control character U+009B");
        // a label's value too (it was taken: the hundred-and-seventeenth tester)
        assertThatThrownBy(
                        () ->
                                new MetricSample(
                                        "vm-1", null, T, Map.of("cpu", 1.0), Map.of("z", "a\nb")))
                .hasMessageStartingWith(
                        "labels.z 'a\\nb' contains the control character U+000A at 1");
        assertThat(
                        new MetricSample("vm-1", null, T, Map.of("cpu", 1.0), Map.of("z", "a\tb"))
                                .labels())
                .containsEntry("z", "a\tb");
    }

    /**
     * A person's comment is refused when over 4,096 characters or holding a control character; a
     * backend's detail is kept cut to that, its control characters shown as ? (a result is not
     * refused for its detail). Both were kept whole, NULs and 900,000 characters too.
     */
    @Test
    void freeTextIsBounded() {
        assertThat(new Feedback.Rating("vm-1", "cpu", T, 4, "line one\n\tline two").comment())
                .isEqualTo("line one\n\tline two");
        assertThatThrownBy(() -> new Feedback.Rating("vm-1", "cpu", T, 4, "x".repeat(4097)))
                .hasMessage("comment is 4097 characters long, more than the 4096 it may have");
        assertThatThrownBy(() -> new Feedback.Rating("vm-1", "cpu", T, 4, "a\u0000b"))
                .hasMessage("comment contains the control character U+0000 at 1");
        UnaryOperator<String> detailOf =
                d ->
                        new ActuationResult(
                                        "c-1",
                                        "vm-1",
                                        "cpu",
                                        7,
                                        ActuationStatus.FAILED,
                                        2.5,
                                        "log",
                                        T,
                                        d)
                                .detail();
        String kept = detailOf.apply("\u001b[2J" + "y".repeat(5000));
        assertThat(kept).startsWith("?[2Jyyy").endsWith("y… (5004 characters)").hasSize(4096);
        // a result is made again from its record wherever it is read: the cut holds
        assertThat(detailOf.apply(kept)).isEqualTo(kept);
    }

    @Test
    void nullCollectionsAndTextReadAsEmpty() throws Exception {
        assertThat(((MetricSample) with(SAMPLE, "labels", null)).labels()).isEmpty();
        assertThat(((Forecast) with(FORECAST, "quantiles", null)).quantiles()).isEmpty();
        assertThat(((ActuationResult) with(RESULT, "detail", null)).detail()).isEmpty();
        assertThat(((Feedback.Rating) with(RATING, "comment", null)).comment()).isEmpty();
    }

    @Test
    void policyOverrideInheritsEverythingButItsScope() {
        PolicyOverride o =
                new PolicyOverride("vm-1", null, null, null, null, null, null, null, null);
        assertThat(o.isTenant()).isFalse();
        assertThat(OVERRIDE.isTenant()).isTrue();
        assertThat(
                        new PolicyOverride("vm-1", null, null, null, null, null, 4.0, null, false)
                                .costRatio())
                .isEqualTo(4.0);
    }

    @Test
    void sampleCopiesItsMapsSoLaterChangesDoNotLeakIn() {
        Map<String, Double> metrics = new HashMap<>(Map.of("cpu", 1.0));
        Map<String, String> labels = new HashMap<>(Map.of("zone", "a"));
        MetricSample s = new MetricSample("vm", null, T, metrics, labels);
        metrics.put("mem", 2.0);
        labels.clear();
        assertThat(s.metrics()).containsOnlyKeys("cpu");
        assertThat(s.labels()).containsOnlyKeys("zone");
        assertThatThrownBy(() -> s.metrics().put("x", 1.0))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void forecastTargetIsStepTimesHorizonAfterIssue() {
        assertThat(FORECAST.target()).isEqualTo(T.plusSeconds(600));
    }

    @Test
    void deadLetterComparesArrayContents() {
        DeadLetter copy =
                new DeadLetter(new byte[] {1}, new byte[] {2}, "prescale.metrics", 1, 42, "bad", T);
        assertThat(copy).isEqualTo(DEAD).hasSameHashCodeAs(DEAD);
        assertThat(new DeadLetter(null, new byte[] {3}, "prescale.metrics", 1, 42, "bad", T))
                .isNotEqualTo(DEAD);
        assertThat(DEAD).hasToString("DeadLetter[prescale.metrics-1@42: bad]");
    }

    @Test
    void aPartIsDeadLetteredAsJsonUnderItsKeyNamingTheRecordItCameIn() {
        String entity = "vm \"7\"\\a\tb";
        Feedback.Hint part = new Feedback.Hint(entity, "cpu", 4, T, T.plusSeconds(60));
        DeadLetter d =
                DeadLetter.ofPart(
                        new RecordOrigin("prescale.feedback", 2, 99), entity, part, "late", T);
        assertThat(d.key()).isEqualTo(entity.getBytes(StandardCharsets.UTF_8));
        assertThat(JsonCodec.decode(d.value(), Feedback.class)).isEqualTo(part);
        assertThat(d).hasToString("DeadLetter[prescale.feedback-2@99: late]");
    }

    /** A copy of {@code r} with one component replaced, through the canonical constructor. */
    static Record with(Record r, String field, Object value) throws Exception {
        RecordComponent[] components = r.getClass().getRecordComponents();
        Object[] args = new Object[components.length];
        boolean found = false;
        for (int i = 0; i < components.length; i++) {
            found |= components[i].getName().equals(field);
            args[i] =
                    components[i].getName().equals(field)
                            ? value
                            : components[i].getAccessor().invoke(r);
        }
        assertThat(found).as("%s has a component %s", r.getClass(), field).isTrue();
        Class<?>[] types =
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Constructor<? extends Record> c = r.getClass().getDeclaredConstructor(types);
        try {
            return c.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
