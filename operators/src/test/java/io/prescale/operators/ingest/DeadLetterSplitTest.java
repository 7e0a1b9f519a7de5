package io.prescale.operators.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.DeadLetter;
import io.prescale.model.Ingested;
import io.prescale.model.MetricPoint;
import io.prescale.model.RecordOrigin;
import java.time.Instant;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DeadLetterSplitTest {
    private static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");

    @Test
    void pointsGoOnAndDeadLettersToTheSideOutput() throws Exception {
        var harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(DeadLetterSplit.points()));
        harness.open();
        MetricPoint point =
                new MetricPoint("vm", null, "cpu", 1000, 2.5, new RecordOrigin("t", 0, 6));
        DeadLetter dead = new DeadLetter(null, new byte[] {1}, "t", 0, 7, "bad", NOW);
        harness.processElement(new StreamRecord<>(Ingested.of(point), 1000));
        harness.processElement(new StreamRecord<>(Ingested.rejected(dead)));

        assertThat(harness.extractOutputValues()).containsExactly(point);
        assertThat(harness.getSideOutput(DeadLetterSplit.DEAD_LETTERS))
                .extracting(StreamRecord::getValue)
                .containsExactly(dead);
        harness.close();
    }
}
