package io.prescale.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SampleParserTest {
    private static final Instant NOW = Instant.parse("2023-11-14T22:13:30Z");
    private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L);
    private static final SampleParser PARSER = new SampleParser(ParserConfig.defaults());

    private static ParseResult parse(String payload) {
        return PARSER.parse(payload.getBytes(StandardCharsets.UTF_8), NOW);
    }

    /** Real Telegraf output lines (outputs.kafka, data_format = "influx"). */
    static Stream<Arguments> telegrafLines() {
        return Stream.of(
                Arguments.of(
                        "cpu,cpu=cpu-total,host=web01 usage_idle=97.5,usage_user=1.2,usage_system=0.8 1700000000000000000",
                        "web01",
                        Map.of(
                                "cpu_usage_idle",
                                97.5,
                                "cpu_usage_user",
                                1.2,
                                "cpu_usage_system",
                                0.8),
                        Map.of("cpu", "cpu-total", "measurement", "cpu")),
                Arguments.of(
                        "mem,host=web01 used_percent=41.2,available=8123456i,active=true 1700000000000000000",
                        "web01",
                        Map.of(
                                "mem_used_percent",
                                41.2,
                                "mem_available",
                                8123456.0,
                                "mem_active",
                                1.0),
                        Map.of("measurement", "mem")),
                Arguments.of(
                        "disk,device=sda1,fstype=ext4,host=web01,mode=rw,path=/ free=10000000000i,used_percent=45.1 1700000000000000000",
                        "web01",
                        Map.of("disk_free", 1e10, "disk_used_percent", 45.1),
                        Map.of(
                                "device",
                                "sda1",
                                "fstype",
                                "ext4",
                                "mode",
                                "rw",
                                "path",
                                "/",
                                "measurement",
                                "disk")),
                Arguments.of(
                        "net,host=web01,interface=eth0 bytes_recv=123456789u,bytes_sent=987654u 1700000000000000000",
                        "web01",
                        Map.of("net_bytes_recv", 123456789.0, "net_bytes_sent", 987654.0),
                        Map.of("interface", "eth0", "measurement", "net")),
                Arguments.of(
                        "system,host=web01 load1=0.42,n_cpus=2i,uptime_format=\"3 days, 1:02\" 1700000000000000000",
                        "web01",
                        Map.of("system_load1", 0.42, "system_n_cpus", 2.0),
                        Map.of("field.uptime_format", "3 days, 1:02", "measurement", "system")),
                Arguments.of(
                        "my\\ measurement,host=web\\,01,path=C:\\\\dir value=1 1700000000000000000",
                        "web,01",
                        Map.of("my measurement_value", 1.0),
                        Map.of("path", "C:\\\\dir", "measurement", "my measurement")),
                Arguments.of(
                        "log,host=a msg=\"said \\\"hi\\\" \\\\ bye\",n=1i 1700000000000000000",
                        "a",
                        Map.of("log_n", 1.0),
                        Map.of("field.msg", "said \"hi\" \\ bye", "measurement", "log")),
                Arguments.of(
                        "x,host=h,tenant=acme,k\\=ey=v\\ al f=-1.5e2,b=F 1700000000000000000",
                        "h",
                        Map.of("x_f", -150.0, "x_b", 0.0),
                        Map.of("k=ey", "v al", "measurement", "x")));
    }

    @ParameterizedTest
    @MethodSource("telegrafLines")
    void readsTelegrafLines(
            String line, String entity, Map<String, Double> metrics, Map<String, String> labels) {
        ParseResult r = parse(line);
        assertThat(r.rejections()).isEmpty();
        MetricSample s = r.samples().get(0);
        assertThat(s.entity()).isEqualTo(entity);
        assertThat(s.ts()).isEqualTo(T0);
        assertThat(s.metrics()).isEqualTo(metrics);
        assertThat(s.labels()).isEqualTo(labels);
    }

    @Test
    void tenantTagBecomesTheTenant() {
        assertThat(parse("x,host=h,tenant=acme f=1 1700000000000000000").samples().get(0).tenant())
                .isEqualTo("acme");
    }

    static Stream<Arguments> precisions() {
        return Stream.of(
                Arguments.of(TimeUnit.SECONDS, "1700000000"),
                Arguments.of(TimeUnit.MILLISECONDS, "1700000000000"),
                Arguments.of(TimeUnit.MICROSECONDS, "1700000000000000"),
                Arguments.of(TimeUnit.NANOSECONDS, "1700000000000000000"));
    }

    @ParameterizedTest
    @MethodSource("precisions")
    void everyPrecision(TimeUnit unit, String ts) {
        ParserConfig d = ParserConfig.defaults();
        ParserConfig c =
                new ParserConfig(
                        d.entityTag(),
                        d.tenantTag(),
                        d.maxPayloadBytes(),
                        d.maxPastSkew(),
                        d.maxFutureSkew(),
                        d.minValue(),
                        d.maxValue(),
                        unit);
        ParseResult r =
                new SampleParser(c)
                        .parse(("m,host=h v=1 " + ts).getBytes(StandardCharsets.UTF_8), NOW);
        assertThat(r.samples()).singleElement().extracting(MetricSample::ts).isEqualTo(T0);
    }

    @Test
    void batchOfLinesYieldsSamplesAndNamedRejectionsPerLine() {
        ParseResult r =
                parse(
                        "m,host=a v=1 1700000000000000000\n\nm,zone=z v=2 1700000000000000000\n# c\nm,host=b v=3\n");
        assertThat(r.samples()).extracting(MetricSample::entity).containsExactly("a", "b");
        assertThat(r.samples().get(1).ts()).isEqualTo(NOW);
        assertThat(r.rejections())
                .singleElement()
                .hasToString("line 3: tag 'host' (the entity) is missing");
    }

    @Test
    void jsonSample() {
        ParseResult r =
                parse(
                        "{\"entity\":\"vm-1\",\"tenant\":\"t\",\"ts\":\"2023-11-14T22:13:20Z\","
                                + "\"metrics\":{\"cpu\":12.5,\"mem\":3},\"labels\":{\"zone\":\"a\"}}");
        assertThat(r.rejections()).isEmpty();
        assertThat(r.samples())
                .singleElement()
                .isEqualTo(
                        new MetricSample(
                                "vm-1",
                                "t",
                                T0,
                                Map.of("cpu", 12.5, "mem", 3.0),
                                Map.of("zone", "a")));
        assertThat(
                        parse("{\"entity\":\"e\",\"ts\":1700000000000,\"metrics\":{\"c\":1}}")
                                .samples()
                                .get(0)
                                .ts())
                .isEqualTo(T0);
    }

    static Stream<Arguments> badPayloads() {
        return Stream.of(
                Arguments.of("{\"entity\":\"vm\",\"ts\":", "malformed json"),
                Arguments.of("[1,2]", "tag 2] has no '=' (column 6)"),
                Arguments.of(
                        "{\"ts\":\"2023-11-14T22:13:20Z\",\"metrics\":{\"c\":1}}",
                        "entity is missing"),
                Arguments.of(
                        "{\"entity\":\" \",\"metrics\":{\"c\":1}}", "entity must not be blank"),
                Arguments.of(
                        "{\"entity\":\"e\",\"metrics\":{}}", "metrics must be a non-empty object"),
                Arguments.of(
                        "{\"entity\":\"e\",\"metrics\":{\"cpu\":\"NaN\"}}",
                        "metrics.cpu must be a finite number, was \"NaN\""),
                Arguments.of(
                        "{\"entity\":\"e\",\"metrics\":{\"cpu\":1e400}}",
                        "metrics.cpu must be finite"),
                Arguments.of(
                        "{\"entity\":\"e\",\"metrics\":{\"cpu\":1e300}}",
                        "metrics.cpu = 1.0E300 is out of range"),
                Arguments.of(
                        "{\"entity\":\"e\",\"ts\":\"yesterday\",\"metrics\":{\"c\":1}}",
                        "ts 'yesterday' is not ISO-8601"),
                Arguments.of(
                        "{\"entity\":\"e\",\"ts\":\"2020-01-01T00:00:00Z\",\"metrics\":{\"c\":1}}",
                        "is more than PT168H before now"),
                Arguments.of(
                        "{\"entity\":\"e\",\"ts\":\"2023-11-14T23:00:00Z\",\"metrics\":{\"c\":1}}",
                        "is more than PT5M after now"),
                Arguments.of(
                        "{\"v\":99,\"entity\":\"e\",\"metrics\":{\"c\":1}}",
                        "unknown record version v=99"),
                Arguments.of("m,zone=a v=1", "tag 'host' (the entity) is missing"),
                Arguments.of("m,host=a v=abc", "field v = abc is not a number"),
                Arguments.of("m,host=a v=NaN", "field v = NaN is not a number"),
                Arguments.of("m,host=a v=1 12:00", "timestamp '12:00' is not an integer"),
                Arguments.of("m,host=a", "expected a space before the fields"),
                Arguments.of("m,host=a s=\"open", "string field value is not closed"),
                Arguments.of("m,host=a s=\"only text\"", "no numeric or boolean field"),
                Arguments.of("m,host=a n=-3u", "is not an unsigned integer"),
                Arguments.of("", "payload is empty"));
    }

    @ParameterizedTest
    @MethodSource("badPayloads")
    void rejectsNamingWhatIsWrong(String payload, String reason) {
        ParseResult r = parse(payload);
        assertThat(r.samples()).isEmpty();
        assertThat(r.rejections())
                .singleElement()
                .extracting(Rejection::reason)
                .asString()
                .contains(reason);
    }

    @Test
    void rejectsOversizedPayloadWhole() {
        ParserConfig d = ParserConfig.defaults();
        SampleParser small =
                new SampleParser(
                        new ParserConfig(
                                d.entityTag(),
                                d.tenantTag(),
                                16,
                                null,
                                null,
                                d.minValue(),
                                d.maxValue(),
                                d.lineProtocolPrecision()));
        ParseResult r =
                small.parse(
                        "m,host=a v=1 1700000000000000000".getBytes(StandardCharsets.UTF_8), NOW);
        assertThat(r.rejections())
                .singleElement()
                .hasToString("payload of 32 bytes exceeds the maximum of 16");
    }

    @Test
    void skewChecksCanBeTurnedOff() {
        ParserConfig d = ParserConfig.defaults();
        SampleParser replay =
                new SampleParser(
                        new ParserConfig(
                                d.entityTag(),
                                d.tenantTag(),
                                d.maxPayloadBytes(),
                                null,
                                null,
                                d.minValue(),
                                d.maxValue(),
                                d.lineProtocolPrecision()));
        assertThat(replay.parse("m,host=a v=1 1".getBytes(StandardCharsets.UTF_8), NOW).samples())
                .hasSize(1);
        assertThat(Duration.ofDays(7)).isEqualTo(d.maxPastSkew());
    }
}
