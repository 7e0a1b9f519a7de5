package io.prescale.jobs;

import io.prescale.jobs.influx.AccuracyRowCheck;
import io.prescale.operators.forecast.ForecastAccuracy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scored forecasts as rows of the InfluxDB measurement {@code accuracy}. A row the schema refuses
 * (a metric name that is not a short code, so cannot be a tag) is dropped, counted ({@code
 * accuracyRowsRejected}) and logged once per subtask, rather than failing the job.
 */
final class AccuracyRows extends RichFlatMapFunction<ForecastAccuracy, ForecastAccuracy> {
    private static final Logger LOG = LoggerFactory.getLogger(AccuracyRows.class);
    private transient Counter rejected;

    @Override
    public void open(OpenContext ctx) {
        rejected = getRuntimeContext().getMetricGroup().counter("accuracyRowsRejected");
    }

    @Override
    public void flatMap(ForecastAccuracy a, Collector<ForecastAccuracy> out) {
        try {
            AccuracyRowCheck.check(a);
        } catch (IllegalArgumentException e) {
            if (rejected.getCount() == 0) {
                LOG.warn(
                        "accuracy of {}/{} not written: {}",
                        a.entity(),
                        a.metric(),
                        e.getMessage());
            }
            rejected.inc();
            return;
        }
        out.collect(a);
    }
}
