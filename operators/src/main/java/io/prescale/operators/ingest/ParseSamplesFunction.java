package io.prescale.operators.ingest;

import io.prescale.model.DeadLetter;
import io.prescale.model.MetricSample;
import io.prescale.model.ParseResult;
import io.prescale.model.ParserConfig;
import io.prescale.model.RawRecord;
import io.prescale.model.Rejection;
import io.prescale.model.SampleParser;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses raw {@code prescale.metrics} records (JSON or Influx line protocol) into metric points.
 * Everything that does not parse or validate goes to {@link #DEAD_LETTERS} with the raw bytes, its
 * topic/partition/offset and the reason, and is counted; nothing is dropped silently and no bad
 * record stops the job.
 */
public final class ParseSamplesFunction extends ProcessFunction<RawRecord, MetricPoint> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>(
                    "dead-letters",
                    org.apache.flink.api.common.typeinfo.TypeInformation.of(DeadLetter.class));

    private final ParserConfig config;
    private final Clock clock;
    private transient SampleParser parser;
    private transient Counter accepted;
    private transient Counter deadLettered;

    /**
     * @param config parser and validation settings
     * @param clock wall clock for the timestamp skew window (a fixed clock in tests)
     */
    public ParseSamplesFunction(ParserConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new SampleParser(config);
        accepted = getRuntimeContext().getMetricGroup().counter("samplesAccepted");
        deadLettered = getRuntimeContext().getMetricGroup().counter("recordsDeadLettered");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<MetricPoint> out) {
        Instant now = clock.instant();
        if (raw.value() == null) {
            reject(raw, "record value is null (tombstone)", now, ctx);
            return;
        }
        ParseResult result;
        try {
            result = parser.parse(raw.value(), now);
        } catch (RuntimeException e) {
            // A parser bug must not stop the job: the record is kept in the dead-letter topic.
            reject(raw, "parser failed: " + e, now, ctx);
            return;
        }
        for (Rejection rejection : result.rejections()) {
            reject(raw, rejection.toString(), now, ctx);
        }
        for (MetricSample sample : result.samples()) {
            accepted.inc();
            long ts = sample.ts().toEpochMilli();
            for (Map.Entry<String, Double> m : sample.metrics().entrySet()) {
                out.collect(
                        new MetricPoint(
                                sample.entity(), sample.tenant(), m.getKey(), ts, m.getValue()));
            }
        }
    }

    private void reject(RawRecord raw, String reason, Instant now, Context ctx) {
        deadLettered.inc();
        ctx.output(
                DEAD_LETTERS,
                new DeadLetter(
                        raw.key(),
                        raw.value(),
                        raw.topic(),
                        raw.partition(),
                        raw.offset(),
                        reason,
                        now));
    }
}
