package io.prescale.operators.ingest;

import io.prescale.model.DeadLetter;
import io.prescale.model.MetricPoint;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a sample that arrived after its window closed into a dead letter, so that a late sample is
 * counted and kept rather than silently dropped by the window operator. The value bytes are the
 * point as JSON; the Kafka coordinates are unknown at this stage and recorded as -1.
 */
public final class LateSampleFunction extends ProcessFunction<MetricPoint, DeadLetter> {
    private final Clock clock;
    private transient Counter late;

    public LateSampleFunction(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter("samplesLate");
    }

    @Override
    public void processElement(MetricPoint p, Context ctx, Collector<DeadLetter> out) {
        late.inc();
        String json =
                String.format(
                        "{\"entity\":\"%s\",\"metric\":\"%s\",\"ts\":%d,\"value\":%s}",
                        p.entity().replace("\"", "\\\""),
                        p.metric().replace("\"", "\\\""),
                        p.timestampMillis(),
                        p.value());
        out.collect(
                new DeadLetter(
                        p.entity().getBytes(StandardCharsets.UTF_8),
                        json.getBytes(StandardCharsets.UTF_8),
                        "(window)",
                        -1,
                        -1,
                        "late: event time "
                                + Instant.ofEpochMilli(p.timestampMillis())
                                + " is behind the watermark "
                                + Instant.ofEpochMilli(ctx.timerService().currentWatermark()),
                        clock.instant()));
    }
}
