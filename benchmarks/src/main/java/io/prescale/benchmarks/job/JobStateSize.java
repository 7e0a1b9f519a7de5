package io.prescale.benchmarks.job;

import io.prescale.jobs.JobConfig;
import io.prescale.jobs.JobSettings;
import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.TraceReader;
import io.prescale.model.Forecast;
import io.prescale.model.MetricPoint;
import io.prescale.model.RecordOrigin;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
import io.prescale.operators.alert.AnomalyScore;
import io.prescale.operators.allocation.AllocationRequest;
import io.prescale.operators.allocation.EntityEvent;
import io.prescale.operators.forecast.SeriesForecastFunction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/**
 * Snapshot bytes per entity of the scaling job's keyed state: every keyed operator of {@code
 * PredictiveScalingJob} (windows, forecasting and ratings, alert hysteresis and suppression,
 * allocation, capacity arbiter, ledger) runs in a test harness on a real trace, records flowing
 * between them as in the job, and after {@code DAYS} days (mid-stream: the next step's windows
 * open, every series warm) each is snapshotted; the sum of the snapshots' sizes over the entities
 * is the state per entity, as a checkpoint of the heap backend holds it (values, keys, timers,
 * serializer metadata).
 *
 * <p>Each entity has three metrics: the trace's {@code cpu_max_pct} and {@code cpu_avg_pct}, and as
 * a third series {@code net_pct} the {@code cpu_max_pct} of the next VM (a real series; the state
 * sizes do not depend on the values).
 *
 * <p>Usage: {@code JobStateSize TRACE [DAYS] [-Dkey=value ...]} (job options, e.g. {@code
 * -Dallocation.resources=cpu:cpu_max_pct:pct,memory:cpu_avg_pct:pct,network:net_pct:pct}).
 */
public final class JobStateSize {
    private static final String[] METRICS = {"cpu_max_pct", "cpu_avg_pct", "net_pct"};
    private static final RecordOrigin ORIGIN = new RecordOrigin("prescale.metrics", 0, 0);

    private JobStateSize() {}

    public static void main(String[] args) throws Exception {
        Path trace = Path.of(args[0]);
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> options =
                new ArrayList<>(
                        List.of("-Dwindow.size=5m", "-Dallocation.demand-metric=cpu_max_pct"));
        options.addAll(Arrays.asList(args).subList(Math.min(2, args.length), args.length));
        JobSettings settings = JobSettings.from(JobConfig.fromArgs(options.toArray(new String[0])));
        Duration step = settings.ingest().window();
        DemandGrid max = TraceReader.read(trace, "cpu_max_pct", step);
        DemandGrid avg = TraceReader.read(trace, "cpu_avg_pct", step);
        int entities = max.entities().size();
        int steps =
                Math.min(
                        days * (int) (Duration.ofDays(1).toMillis() / step.toMillis()),
                        max.steps());
        StateHarnesses h = new StateHarnesses(settings);
        for (int t = 0; t < steps; t++) {
            long start = max.timeOf(t).toEpochMilli();
            for (int e = 0; e < entities; e++) {
                String vm = max.entities().get(e);
                double[] v = {
                    max.values()[e][t], avg.values()[e][t], max.values()[(e + 1) % entities][t]
                };
                for (int m = 0; m < METRICS.length; m++) {
                    h.windows.processElement(
                            new MetricPoint(vm, null, METRICS[m], start, v[m], ORIGIN), start);
                }
            }
            if (t < steps - 1) {
                advance(h, start + step.toMillis() - 1);
            }
        }
        report(h, entities, steps, options);
    }

    /** Closes the step before {@code millis + 1}: windows fire and flow on as in the job. */
    private static void advance(StateHarnesses h, long millis) throws Exception {
        h.windows.processWatermark(millis);
        for (WindowAggregate w : drain(h.windows.getOutput(), WindowAggregate.class)) {
            h.forecast.processElement1(w, millis);
            h.allocation.processElement(EntityEvent.of(w), millis);
        }
        h.forecast.processBothWatermarks(new Watermark(millis));
        drain(h.forecast.getOutput(), Forecast.class);
        drain(h.forecast.getSideOutput(SeriesForecastFunction.ACCURACY), Object.class);
        for (AnomalyScore s : drain(side(h, SeriesForecastFunction.SCORES), AnomalyScore.class)) {
            h.hysteresis.processElement(s, millis);
        }
        h.hysteresis.processWatermark(millis);
        for (AnomalyScore s : drain(h.hysteresis.getOutput(), AnomalyScore.class)) {
            h.alerts.processElement(s, millis);
        }
        h.allocation.processWatermark(millis);
        h.allocation.processBroadcastWatermark(millis);
        for (AllocationRequest r : drain(h.allocation.getOutput(), AllocationRequest.class)) {
            h.arbiter.processElement(r, millis);
        }
        h.arbiter.processWatermark(millis);
        for (ScaleCommand c : drain(h.arbiter.getOutput(), ScaleCommand.class)) {
            h.ledger.processElement1(c, millis);
        }
        h.watermark(millis);
        for (AbstractStreamOperatorTestHarness<?> any : h.all()) {
            any.getOutput().clear();
        }
    }

    private static Queue<StreamRecord<AnomalyScore>> side(
            StateHarnesses h, OutputTag<AnomalyScore> tag) {
        return h.forecast.getSideOutput(tag);
    }

    /** The values of the records in {@code queue} (watermarks skipped), which is then emptied. */
    private static <T> List<T> drain(Queue<?> queue, Class<T> type) {
        List<T> out = new ArrayList<>();
        if (queue == null) {
            return out;
        }
        for (Object o : queue) {
            if (o instanceof StreamRecord<?> r && type.isInstance(r.getValue())) {
                out.add(type.cast(r.getValue()));
            }
        }
        queue.clear();
        return out;
    }

    private static void report(StateHarnesses h, int entities, int steps, List<String> options)
            throws Exception {
        System.out.printf(
                "%d entities x %d metrics, %d steps, options %s%n",
                entities, METRICS.length, steps, options);
        long total = 0;
        List<AbstractStreamOperatorTestHarness<?>> all = h.all();
        for (int i = 0; i < all.size(); i++) {
            OperatorSubtaskState s = all.get(i).snapshot(1, 1);
            long bytes = s.getStateSize();
            total += bytes;
            System.out.printf(
                    "  %-18s %9d bytes, %7.0f per entity%n",
                    h.names().get(i), bytes, bytes / (double) entities);
        }
        System.out.printf(
                "state per entity (snapshot bytes / entities): %.0f bytes = %.2f KiB%n",
                total / (double) entities, total / (double) entities / 1024);
    }
}
