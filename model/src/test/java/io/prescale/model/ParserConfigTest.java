package io.prescale.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParserConfigTest {
    private static final ParserConfig D = ParserConfig.defaults();

    @Test
    void defaultsReadTelegrafAsItIsShipped() {
        assertThat(D)
                .isEqualTo(
                        new ParserConfig(
                                "host",
                                "tenant",
                                1 << 20,
                                Duration.ofDays(7),
                                Duration.ofSeconds(30),
                                -1e18,
                                1e18,
                                TimeUnit.NANOSECONDS,
                                Set.of()));
    }

    static Stream<Arguments> badConfigs() {
        return Stream.<Arguments>of(
                bad(() -> D.withTags(" ", "tenant"), "entityTag must not be blank, was ' '"),
                bad(() -> D.withTags("host", null), "tenantTag must not be blank, was null"),
                bad(
                        () -> D.withTags("host", "host"),
                        "entityTag and tenantTag must differ, both were 'host'"),
                bad(() -> D.withMaxPayloadBytes(0), "maxPayloadBytes must be >= 1, was 0"),
                bad(
                        () -> D.withSkew(Duration.ZERO, null),
                        "maxPastSkew must be positive or null (off), was PT0S"),
                bad(
                        () -> D.withSkew(null, Duration.ofSeconds(-1)),
                        "maxFutureSkew must be positive or null (off), was PT-1S"),
                bad(() -> D.withValueRange(Double.NaN, 1), "minValue must be finite, was NaN"),
                bad(
                        () -> D.withValueRange(0, Double.POSITIVE_INFINITY),
                        "maxValue must be finite, was Infinity"),
                bad(() -> D.withValueRange(2, 1), "minValue (2.0) must be <= maxValue (1.0)"),
                bad(
                        () -> D.withLineProtocolPrecision(null),
                        "lineProtocolPrecision must not be null"),
                bad(
                        () -> D.withLineProtocolPrecision(TimeUnit.MINUTES),
                        "lineProtocolPrecision must be s, ms, us or ns, was MINUTES"),
                bad(() -> D.withDemandMetrics(null), "demandMetrics must not be null"),
                bad(
                        () -> D.withDemandMetrics(Set.of("cpu_pct", " ")),
                        "a demand metric must not be blank, was ' '"));
    }

    private static Arguments bad(Supplier<ParserConfig> config, String message) {
        return Arguments.of(config, message);
    }

    @ParameterizedTest
    @MethodSource("badConfigs")
    void rejectsBadSettingsAtStartUpNamingThem(Supplier<ParserConfig> config, String message) {
        assertThatThrownBy(config::get)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void sevenArgumentFormDefaultsToNanoseconds() {
        ParserConfig c = new ParserConfig("vm", "t", 10, null, null, 0, 1);
        assertThat(c.lineProtocolPrecision()).isEqualTo(TimeUnit.NANOSECONDS);
        assertThat(c.maxPastSkew()).isNull();
    }

    @Test
    void withersChangeOnlyTheirSetting() {
        assertThat(D.withMaxPayloadBytes(7).withMaxPayloadBytes(D.maxPayloadBytes())).isEqualTo(D);
        assertThat(D.withLineProtocolPrecision(TimeUnit.SECONDS).entityTag()).isEqualTo("host");
        ParserConfig demands = D.withDemandMetrics(Set.of("cpu_pct"));
        assertThat(demands.withValueRange(0, 1).withTags("vm", "t").demandMetrics())
                .containsExactly("cpu_pct");
    }
}
