package io.prescale.operators.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.DeadLetter;
import io.prescale.model.Ingested;
import io.prescale.model.MetricPoint;
import io.prescale.model.ParserConfig;
import io.prescale.model.RawRecord;
import io.prescale.model.RecordIngestor;
import io.prescale.model.RecordOrigin;
import io.prescale.operators.Harnesses;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LateSampleFunctionTest {
    private static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");
    private static final long SAMPLE_MILLIS = Instant.parse("2024-03-01T11:00:00Z").toEpochMilli();
    private static final long WATERMARK_MILLIS =
            Instant.parse("2024-03-01T11:30:00Z").toEpochMilli();

    /** An entity name the parser accepts with every character JSON must escape in it. */
    private static final String AWKWARD = "vm \"7\"\\a\tb/ü";

    private static List<DeadLetter> late(MetricPoint p) throws Exception {
        var h =
                Harnesses.open(
                        new OneInputStreamOperatorTestHarness<>(
                                new ProcessOperator<>(
                                        new LateSampleFunction(Clock.fixed(NOW, ZoneOffset.UTC)))),
                        null);
        h.processWatermark(new Watermark(WATERMARK_MILLIS));
        h.processElement(p, p.timestampMillis());
        List<DeadLetter> out = h.extractOutputValues();
        h.close();
        return out;
    }

    @Test
    void aLateSampleNamesTheRecordItCameIn() throws Exception {
        RecordOrigin origin = new RecordOrigin("prescale.metrics", 3, 1_234_567L);
        MetricPoint p = new MetricPoint("vm-1", "acme", "cpu", SAMPLE_MILLIS, 97.5, origin);

        DeadLetter d = late(p).get(0);

        assertThat(d.topic()).isEqualTo("prescale.metrics");
        assertThat(d.partition()).isEqualTo(3);
        assertThat(d.offset()).isEqualTo(1_234_567L);
        assertThat(d.key()).isEqualTo("vm-1".getBytes(StandardCharsets.UTF_8));
        assertThat(d.rejectedAt()).isEqualTo(NOW);
        assertThat(d.reason())
                .isEqualTo(
                        "late: event time 2024-03-01T11:00:00Z is behind the watermark"
                                + " 2024-03-01T11:30:00Z (watermark.out-of-orderness; is the"
                                + " sender's clock behind?)");
    }

    @Test
    void itsValueIsTheSampleAsJsonThatReadsBackToThePointWhateverItsNames() throws Exception {
        for (MetricPoint p :
                List.of(
                        new MetricPoint(
                                AWKWARD,
                                null,
                                "cpu \"max\"\\x",
                                SAMPLE_MILLIS,
                                1e-7,
                                new RecordOrigin("m", 0, 9)),
                        new MetricPoint(
                                "vm-1",
                                "tenant \\ \"q\"",
                                "mem",
                                SAMPLE_MILLIS + 1,
                                12.25,
                                new RecordOrigin("m", 1, 10)))) {
            DeadLetter d = late(p).get(0);
            assertThat(d.key()).isEqualTo(p.entity().getBytes(StandardCharsets.UTF_8));
            assertThat(readBack(d)).isEqualTo(p);
        }
    }

    /** The dead letter's value as {@code prescale.metrics} would read it, from the same record. */
    private static MetricPoint readBack(DeadLetter d) {
        List<Ingested> in = new ArrayList<>();
        new RecordIngestor(ParserConfig.defaults())
                .ingest(
                        new RawRecord(d.key(), d.value(), d.topic(), d.partition(), d.offset(), 0),
                        NOW,
                        in::add);
        assertThat(in).singleElement().extracting(Ingested::deadLetter).isNull();
        return in.get(0).point();
    }
}
