package io.prescale.operators.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.DeadLetter;
import io.prescale.model.ParserConfig;
import io.prescale.model.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ParseSamplesFunctionTest {
    private static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static RawRecord raw(long offset, String value) {
        return new RawRecord(
                "k".getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8),
                "prescale.metrics",
                3,
                offset,
                0);
    }

    private OneInputStreamOperatorTestHarness<RawRecord, MetricPoint> harness() throws Exception {
        var h =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(
                                new ParseSamplesFunction(ParserConfig.defaults(), CLOCK)));
        h.open();
        return h;
    }

    @Test
    void splitsSamplesIntoPointsAndDeadLettersTheRest() throws Exception {
        var h = harness();
        h.processElement(
                new StreamRecord<>(
                        raw(
                                10,
                                "{\"entity\":\"vm-1\",\"ts\":\"2024-03-01T11:59:00Z\","
                                        + "\"metrics\":{\"cpu\":1.5,\"mem\":2.5}}")));
        h.processElement(new StreamRecord<>(raw(11, "{\"entity\":")));
        h.processElement(new StreamRecord<>(raw(12, null)));
        h.processElement(
                new StreamRecord<>(raw(13, "cpu,host=web01 usage_idle=97.5 1709294340000000000")));

        List<MetricPoint> points = h.extractOutputValues();
        assertThat(points)
                .extracting(MetricPoint::entity, MetricPoint::metric, MetricPoint::value)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("vm-1", "cpu", 1.5),
                        org.assertj.core.groups.Tuple.tuple("vm-1", "mem", 2.5),
                        org.assertj.core.groups.Tuple.tuple("web01", "cpu_usage_idle", 97.5));

        List<DeadLetter> dead =
                h.getSideOutput(ParseSamplesFunction.DEAD_LETTERS).stream()
                        .map(r -> (DeadLetter) r.getValue())
                        .toList();
        assertThat(dead).extracting(DeadLetter::offset).containsExactly(11L, 12L);
        assertThat(dead.get(0).value()).isEqualTo("{\"entity\":".getBytes(StandardCharsets.UTF_8));
        assertThat(dead.get(0).partition()).isEqualTo(3);
        assertThat(dead.get(0).rejectedAt()).isEqualTo(NOW);
        assertThat(dead.get(1).reason()).contains("tombstone");
        h.close();
    }
}
