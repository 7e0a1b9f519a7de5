package io.prescale.operators.ingest;

import io.prescale.model.DeadLetter;
import io.prescale.model.MetricPoint;
import io.prescale.model.MetricSample;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a sample that arrived after its window closed into a dead letter, so that a late sample is
 * counted and kept rather than silently dropped by the window operator. It names the Kafka record
 * the point came in (topic, partition, offset); as that record may have held other points, which
 * were accepted, the value is the point alone, as a {@code prescale.metrics} JSON sample of one
 * metric (which could be sent again as it is), under the entity as key.
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
        Instant at = Instant.ofEpochMilli(p.timestampMillis());
        MetricSample sample =
                new MetricSample(p.entity(), p.tenant(), at, Map.of(p.metric(), p.value()), null);
        out.collect(
                DeadLetter.ofPart(
                        p.origin(),
                        p.entity(),
                        sample,
                        "late: event time "
                                + at
                                + " is behind the watermark "
                                + Instant.ofEpochMilli(ctx.timerService().currentWatermark())
                                + " (watermark.out-of-orderness; is the sender's clock behind?)",
                        clock.instant()));
    }
}
