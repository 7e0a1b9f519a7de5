package io.prescale.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
                        true),
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

    @Test
    void rejectsUnknownOrMissingVersion() {
        assertThatThrownBy(
                        () ->
                                JsonCodec.decode(
                                        "{\"v\":99,\"entity\":\"e\"}".getBytes(), Feedback.class))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("unknown record version v=99");
        assertThatThrownBy(() -> JsonCodec.decode("{\"entity\":\"e\"}".getBytes(), Alert.class))
                .hasMessageContaining("record version 'v' is missing");
    }

    @Test
    void namesTheFieldThatIsWrong() {
        String alert =
                "{\"v\":1,\"id\":\"a\",\"entity\":\"e\",\"metric\":\"m\",\"kind\":\"SPIKE\","
                        + "\"severity\":\"INFO\",\"score\":1.5,\"observed\":1,\"expectedLower\":0,"
                        + "\"expectedUpper\":2,\"time\":\"2024-03-01T12:00:00Z\"}";
        assertThatThrownBy(() -> JsonCodec.decode(alert.getBytes(), Alert.class))
                .hasMessageContaining("score must be in [0.0, 1.0], was 1.5");
        String badKind = alert.replace("SPIKE", "SPOKE").replace("1.5", "0.5");
        assertThatThrownBy(() -> JsonCodec.decode(badKind.getBytes(), Alert.class))
                .hasMessageContaining("Alert.kind")
                .hasMessageContaining("SPOKE");
        assertThatThrownBy(() -> JsonCodec.decode("{\"v\":1,".getBytes(), Alert.class))
                .hasMessageContaining("malformed json");
        assertThatThrownBy(
                        () -> new PolicyOverride("e", null, 5.0, 1.0, null, null, null, null, null))
                .hasMessageContaining("min (5.0) must be <= max (1.0)");
        assertThatThrownBy(
                        () ->
                                new PolicyOverride(
                                        "e", null, null, null, null, 0.01, 2.0, null, null))
                .hasMessageContaining("not both");
    }
}
