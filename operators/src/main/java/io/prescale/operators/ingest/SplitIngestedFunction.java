package io.prescale.operators.ingest;

import io.prescale.model.DeadLetter;
import io.prescale.model.Ingested;
import io.prescale.model.MetricPoint;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits what the source ingested: points go on, dead letters to {@link #DEAD_LETTERS}, each
 * counted ({@code pointsAccepted}, {@code recordsDeadLettered}).
 */
public final class SplitIngestedFunction extends ProcessFunction<Ingested, MetricPoint> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private transient Counter accepted;
    private transient Counter deadLettered;

    @Override
    public void open(OpenContext openContext) {
        accepted = getRuntimeContext().getMetricGroup().counter("pointsAccepted");
        deadLettered = getRuntimeContext().getMetricGroup().counter("recordsDeadLettered");
    }

    @Override
    public void processElement(Ingested in, Context ctx, Collector<MetricPoint> out) {
        if (in.point() != null) {
            accepted.inc();
            out.collect(in.point());
        } else {
            deadLettered.inc();
            ctx.output(DEAD_LETTERS, in.deadLetter());
        }
    }
}
