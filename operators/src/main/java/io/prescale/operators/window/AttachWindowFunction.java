package io.prescale.operators.window;

import io.prescale.model.WindowAggregate;
import java.time.Instant;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Attaches the series key and the window bounds to the window's statistics. */
public final class AttachWindowFunction
        extends ProcessWindowFunction<WindowStats, WindowAggregate, SeriesKey, TimeWindow> {

    @Override
    public void process(
            SeriesKey key,
            Context ctx,
            Iterable<WindowStats> stats,
            Collector<WindowAggregate> out) {
        for (WindowStats s : stats) {
            out.collect(
                    new WindowAggregate(
                            key.entity(),
                            key.metric(),
                            Instant.ofEpochMilli(ctx.window().getStart()),
                            Instant.ofEpochMilli(ctx.window().getEnd()),
                            s.count(),
                            s.mean(),
                            s.max(),
                            s.p95()));
        }
    }
}
