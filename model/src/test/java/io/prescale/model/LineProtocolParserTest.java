package io.prescale.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class LineProtocolParserTest {
    private static final Instant NOW = Instant.parse("2023-11-14T22:13:30Z");
    private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L);
    private static final LineProtocolParser PARSER =
            new LineProtocolParser(ParserConfig.defaults());

    private static MetricSample parse(String line) {
        return PARSER.parseLine(line, NOW);
    }

    /** Real Telegraf output lines (outputs.kafka, data_format = "influx"). */
    static Stream<Arguments> telegrafLines() {
        return Stream.of(
                Arguments.of(
                        "cpu,cpu=cpu-total,host=web01 usage_idle=97.5,usage_user=1.2,usage_system=0.8 1700000000000000000",
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
                        Map.of("net_bytes_recv", 123456789.0, "net_bytes_sent", 987654.0),
                        Map.of("interface", "eth0", "measurement", "net")),
                Arguments.of(
                        "system,host=web01 load1=0.42,n_cpus=2i,uptime_format=\"3 days, 1:02\" 1700000000000000000",
                        Map.of("system_load1", 0.42, "system_n_cpus", 2.0),
                        Map.of("field.uptime_format", "3 days, 1:02", "measurement", "system")),
                Arguments.of(
                        "diskio,host=web01,name=nvme0n1 reads=1234i,write_bytes=98765432u,io_time=4321i,iops_in_progress=0i,merged_reads=12i 1700000000000000000",
                        Map.of(
                                "diskio_reads", 1234.0,
                                "diskio_write_bytes", 98765432.0,
                                "diskio_io_time", 4321.0,
                                "diskio_iops_in_progress", 0.0,
                                "diskio_merged_reads", 12.0),
                        Map.of("name", "nvme0n1", "measurement", "diskio")),
                Arguments.of(
                        "procstat,host=web01,process_name=java,user=app cpu_usage=12.5,memory_rss=524288000i,pid=4242i,cmdline=\"java -jar app.jar\" 1700000000000000000",
                        Map.of(
                                "procstat_cpu_usage", 12.5,
                                "procstat_memory_rss", 524288000.0,
                                "procstat_pid", 4242.0),
                        Map.of(
                                "process_name",
                                "java",
                                "user",
                                "app",
                                "field.cmdline",
                                "java -jar app.jar",
                                "measurement",
                                "procstat")));
    }

    @ParameterizedTest
    @MethodSource("telegrafLines")
    void readsTelegrafLines(String line, Map<String, Double> metrics, Map<String, String> labels) {
        MetricSample s = parse(line);
        assertThat(s.entity()).isEqualTo("web01");
        assertThat(s.tenant()).isNull();
        assertThat(s.ts()).isEqualTo(T0);
        assertThat(s.metrics()).isEqualTo(metrics);
        assertThat(s.labels()).isEqualTo(labels);
    }

    /** Escapes as Telegraf writes them; expected values are the unescaped text. */
    static Stream<Arguments> escapes() {
        return Stream.of(
                Arguments.of(
                        "my\\ measurement,host=web\\,01 value=1",
                        "web,01",
                        "my measurement_value",
                        Map.of("measurement", "my measurement")),
                Arguments.of(
                        "cpu\\,load,host=h value=1",
                        "h",
                        "cpu,load_value",
                        Map.of("measurement", "cpu,load")),
                Arguments.of(
                        "m,host=h,k\\=ey=v\\ al\\=ue value=1",
                        "h",
                        "m_value",
                        Map.of("k=ey", "v al=ue", "measurement", "m")),
                Arguments.of(
                        "m,host=h,tag\\ key=a\\,b value=1",
                        "h",
                        "m_value",
                        Map.of("tag key", "a,b", "measurement", "m")),
                Arguments.of(
                        "m,host=h fi\\ eld\\,x\\=y=2",
                        "h",
                        "m_fi eld,x=y",
                        Map.of("measurement", "m")),
                // a backslash before anything else is literal, as Telegraf reads it
                Arguments.of(
                        "m,host=h,path=C:\\dir\\sub value=1",
                        "h",
                        "m_value",
                        Map.of("path", "C:\\dir\\sub", "measurement", "m")),
                Arguments.of(
                        "m,host=h,q=\\\"x\\\" value=1",
                        "h",
                        "m_value",
                        Map.of("q", "\"x\"", "measurement", "m")),
                // '=' in the measurement needs no escape
                Arguments.of("a=b,host=h value=1", "h", "a=b_value", Map.of("measurement", "a=b")),
                Arguments.of("m,host=h\\ 1 value=1", "h 1", "m_value", Map.of("measurement", "m")),
                Arguments.of(
                        "m,host=hôte,zone=ü value=1",
                        "hôte",
                        "m_value",
                        Map.of("zone", "ü", "measurement", "m")));
    }

    @ParameterizedTest
    @MethodSource("escapes")
    void unescapesTelegrafEscapes(
            String line, String entity, String metric, Map<String, String> labels) {
        MetricSample s = parse(line);
        assertThat(s.entity()).isEqualTo(entity);
        assertThat(s.metrics()).containsOnlyKeys(metric);
        assertThat(s.labels()).isEqualTo(labels);
        assertThat(s.ts()).isEqualTo(NOW);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "'\"plain\"'                  | plain",
                "'\"\"'                       | ''",
                "'\"say \\\"hi\\\"\"'         | say \"hi\"",
                "'\"back\\\\slash\"'          | back\\slash",
                "'\"a\\b\"'                   | a\\b",
                "'\"commas, spaces = fine\"'  | commas, spaces = fine",
                "'\"ends with \\\\\"'         | ends with \\",
            })
    void readsStringFieldsAsLabels(String value, String expected) {
        MetricSample s = parse("m,host=h s=" + value + ",n=1 1700000000000000000");
        assertThat(s.labels()).containsEntry("field.s", expected);
        assertThat(s.metrics()).containsOnlyKeys("m_n");
        assertThat(s.ts()).isEqualTo(T0);
    }

    @ParameterizedTest
    @CsvSource({
        "1, 1",
        "-1.5, -1.5",
        "+2.5, 2.5",
        "1., 1",
        ".5, 0.5",
        "1e3, 1000",
        "1.5E-3, 0.0015",
        "42i, 42",
        "-42i, -42",
        "9223372036854775807i, 9223372036854775807",
        "0u, 0",
        "18446744073709551615u, 18446744073709551615",
        "t, 1",
        "T, 1",
        "true, 1",
        "True, 1",
        "TRUE, 1",
        "f, 0",
        "F, 0",
        "false, 0",
        "False, 0",
        "FALSE, 0",
    })
    void readsEveryFieldType(String raw, double expected) {
        assertThat(parse("m,host=h v=" + raw).metrics()).containsEntry("m_v", expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SECONDS      | 1700000000          | 0",
                "MILLISECONDS | 1700000000123       | 123000000",
                "MICROSECONDS | 1700000000123456    | 123456000",
                "NANOSECONDS  | 1700000000123456789 | 123456789",
                "NANOSECONDS  | -1                  | -1",
            })
    void readsEveryPrecision(TimeUnit unit, String ts, long nanosAfterT0) {
        LineProtocolParser p =
                new LineProtocolParser(ParserConfig.defaults().withLineProtocolPrecision(unit));
        Instant expected =
                ts.equals("-1") ? Instant.EPOCH.minusNanos(1) : T0.plusNanos(nanosAfterT0);
        assertThat(p.parseLine("m,host=h v=1 " + ts, NOW).ts()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "'  m,host=h v=1 1700000000000000000'     | leading spaces",
                "'m,host=h\tv=1\t1700000000000000000'     | tabs",
                "'m,host=h   v=1   1700000000000000000  ' | runs of spaces, trailing spaces",
                "'m,host=h v=1,w=2 1700000000000000000'   | several fields",
            })
    void toleratesWhitespaceTelegrafMayWrite(String line, String why) {
        MetricSample s = parse(line);
        assertThat(s.entity()).as(why).isEqualTo("h");
        assertThat(s.ts()).as(why).isEqualTo(T0);
    }

    @Test
    void tenantTagBecomesTheTenantAndOtherTagsLabels() {
        MetricSample s = parse("m,host=h,tenant=acme,zone=a v=1");
        assertThat(s.tenant()).isEqualTo("acme");
        assertThat(s.labels()).isEqualTo(Map.of("zone", "a", "measurement", "m"));
    }

    @Test
    void entityAndTenantTagsAreConfigurable() {
        LineProtocolParser p =
                new LineProtocolParser(ParserConfig.defaults().withTags("container", "namespace"));
        MetricSample s = p.parseLine("docker,host=n1,container=c7,namespace=team v=1", NOW);
        assertThat(s.entity()).isEqualTo("c7");
        assertThat(s.tenant()).isEqualTo("team");
        assertThat(s.labels()).containsEntry("host", "n1");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "'m,zone=a v=1'                      | tag 'host' (the entity) is missing",
                "'m v=1'                             | tag 'host' (the entity) is missing",
                "',host=h v=1'                       | measurement is empty (column 1)",
                "'m,host=h'                          | expected a space before the fields (column 9)",
                "'m,host=h '                         | fields are missing after measurement m (column 10)",
                "'m,host v=1'                        | tag host has no '=' (column 7)",
                "'m,host= v=1'                       | tag key and value must not be empty (host=) (column 8)",
                "'m,=h v=1'                          | tag key and value must not be empty (=h) (column 5)",
                "'m,host=h =1'                       | field key is empty (column 10)",
                "'m,host=h v'                        | field v has no '=' (column 11)",
                "'m,host=h v=1,w'                    | field w has no '=' (column 15)",
                "'m,host=h a b=1'                    | field a has no '=' (column 11)",
                "'m,host=h v='                       | field v has no value (column 12)",
                "'m,host=h v=,w=1'                   | field v has no value (column 12)",
                "'m,host=h v=abc'                    | field v = abc is not a number, boolean or string (column 15)",
                "'m,host=h v=NaN'                    | field v = NaN is not a number, boolean or string",
                "'m,host=h v=Infinity'               | field v = Infinity is not a number, boolean or string",
                "'m,host=h v=0x1p3'                  | field v = 0x1p3 is not a number, boolean or string",
                "'m,host=h v=1d'                     | field v = 1d is not a number, boolean or string",
                "'m,host=h v=yes'                    | field v = yes is not a number, boolean or string",
                "'m,host=h v=1e999'                  | field v = 1e999 is not finite",
                "'m,host=h v=1.5i'                   | field v = 1.5i is not a 64-bit integer",
                "'m,host=h v=9223372036854775808i'   | field v = 9223372036854775808i is not a 64-bit integer",
                "'m,host=h v=-3u'                    | field v = -3u is not an unsigned 64-bit integer",
                "'m,host=h v=18446744073709551616u'  | is not an unsigned 64-bit integer",
                "'m,host=h s=\"open'                 | string field value is not closed by '\"' (column 12)",
                "'m,host=h s=\"only text\"'          | no numeric or boolean field in measurement m",
                "'m,host=h s=\"x\"y=1'               | unexpected 'y' after the fields (column 15)",
                "'m,host=h v=1 12:00'                | timestamp '12:00' is not an integer (column 14)",
                "'m,host=h v=1 1.5'                  | timestamp '1.5' is not an integer",
                "'m,host=h v=1 99999999999999999999' | timestamp '99999999999999999999' is not an integer",
                "'m,host=h v=1 17 extra'             | unexpected text after the timestamp (column 17)",
                "'m,host=a,host=b v=1'               | tag host appears twice (column 16)",
                "'m,host=h,zone=a,zone=b v=1'        | tag zone appears twice (column 23)",
                "'m,host=h v=1,w=2,v=3'              | field v appears twice (column 20)",
                "'m,host=h s=\"a\",s=1'              | field s appears twice (column 18)",
            })
    void rejectsNamingWhatAndWhere(String line, String message) {
        assertThatThrownBy(() -> parse(line))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining(message);
    }

    @Test
    void rejectsTimestampsBeyondInstant() {
        LineProtocolParser seconds =
                new LineProtocolParser(
                        ParserConfig.defaults().withLineProtocolPrecision(TimeUnit.SECONDS));
        assertThatThrownBy(() -> seconds.parseLine("m,host=h v=1 9223372036854775807", NOW))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("timestamp 9223372036854775807 SECONDS is out of range");
    }
}
