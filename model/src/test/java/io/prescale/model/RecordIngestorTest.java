package io.prescale.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordIngestorTest {
    private static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");
    private final RecordIngestor ingestor = new RecordIngestor(ParserConfig.defaults());

    private static RawRecord raw(long offset, String value) {
        return new RawRecord(
                "k".getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8),
                "prescale.metrics",
                3,
                offset,
                0);
    }

    private static RecordOrigin origin(long offset) {
        return new RecordOrigin("prescale.metrics", 3, offset);
    }

    private List<Ingested> ingest(RawRecord... records) {
        List<Ingested> out = new ArrayList<>();
        for (RawRecord r : records) {
            ingestor.ingest(r, NOW, out::add);
        }
        return out;
    }

    @Test
    void splitsSamplesIntoPointsAndKeepsEverythingElseAsDeadLetters() {
        List<Ingested> out =
                ingest(
                        raw(
                                10,
                                "{\"entity\":\"vm-1\",\"ts\":\"2024-03-01T11:59:00Z\","
                                        + "\"metrics\":{\"cpu\":1.5,\"mem\":2.5}}"),
                        raw(11, "{\"entity\":"),
                        raw(12, null),
                        raw(
                                13,
                                "cpu,host=web01 usage_idle=97.5 1709294340000000000\ncpu,zone=a u=1"));

        assertThat(out.stream().filter(i -> i.point() != null).map(Ingested::point))
                .extracting(
                        MetricPoint::entity,
                        MetricPoint::metric,
                        MetricPoint::value,
                        MetricPoint::timestampMillis,
                        MetricPoint::origin)
                .containsExactlyInAnyOrder(
                        tuple("vm-1", "cpu", 1.5, 1709294340000L, origin(10)),
                        tuple("vm-1", "mem", 2.5, 1709294340000L, origin(10)),
                        tuple("web01", "cpu_usage_idle", 97.5, 1709294340000L, origin(13)));
        List<DeadLetter> dead =
                out.stream().filter(i -> i.deadLetter() != null).map(Ingested::deadLetter).toList();
        assertThat(dead).extracting(DeadLetter::offset).containsExactly(11L, 12L, 13L);
        assertThat(dead.get(0).value()).isEqualTo("{\"entity\":".getBytes(StandardCharsets.UTF_8));
        assertThat(dead.get(0).partition()).isEqualTo(3);
        assertThat(dead.get(0).rejectedAt()).isEqualTo(NOW);
        assertThat(dead.get(0).reason()).startsWith("malformed json");
        assertThat(dead.get(1).reason()).contains("tombstone");
        // one line of two refused: the letter holds that line only, so that mending and sending
        // it back does not send the line taken again (the hundred-and-seventeenth tester)
        assertThat(dead.get(2).reason())
                .isEqualTo(
                        "line 2: tag 'host' (the entity) is missing; this letter holds that line"
                                + " only (of the record's 2 point lines, 1 was taken)");
        assertThat(dead.get(2).value())
                .isEqualTo("cpu,zone=a u=1".getBytes(StandardCharsets.UTF_8));
    }

    /** A record of one line, or with no line taken and one refused, is its letter whole. */
    @Test
    void aRecordOfOneRefusedLineIsItsLetterWhole() {
        String record = "# a comment\ncpu,zone=a u=1\n";
        List<Ingested> out = ingest(raw(5, record));
        assertThat(out).singleElement().extracting(Ingested::deadLetter).isNotNull();
        DeadLetter d = out.get(0).deadLetter();
        assertThat(d.reason()).isEqualTo("line 2: tag 'host' (the entity) is missing");
        assertThat(d.value()).isEqualTo(record.getBytes(StandardCharsets.UTF_8));
    }

    /** Two lines refused of three: a letter each, holding its own line. */
    @Test
    void eachRefusedLineIsALetterOfItsOwn() {
        List<DeadLetter> dead =
                ingest(
                                raw(
                                        6,
                                        "cpu,zone=a u=1\r\ncpu,host=w pct=5 1709294340000000000\n"
                                                + "cpu,host=x pct=NaN 1709294340000000000"))
                        .stream()
                        .map(Ingested::deadLetter)
                        .filter(d -> d != null)
                        .toList();
        assertThat(dead)
                .extracting(d -> new String(d.value(), StandardCharsets.UTF_8))
                .containsExactly("cpu,zone=a u=1", "cpu,host=x pct=NaN 1709294340000000000");
        assertThat(dead.get(1).reason())
                .startsWith("line 3: ")
                .endsWith("(of the record's 3 point lines, 1 was taken)");
    }

    @Test
    void thePointsOfOneRecordShareItsOrigin() {
        List<MetricPoint> points =
                ingest(
                                raw(
                                        7,
                                        "{\"entity\":\"vm-1\",\"ts\":\"2024-03-01T11:59:00Z\","
                                                + "\"metrics\":{\"cpu\":1.5,\"mem\":2.5}}"))
                        .stream()
                        .map(Ingested::point)
                        .toList();
        assertThat(points).hasSize(2);
        assertThat(points.get(0).origin()).isEqualTo(origin(7)).isSameAs(points.get(1).origin());
    }

    @Test
    void deadLettersHaveNoEventTime() {
        assertThat(ingest(raw(1, "nope")).get(0).eventTimeMillis()).isEqualTo(Long.MIN_VALUE);
    }
}
