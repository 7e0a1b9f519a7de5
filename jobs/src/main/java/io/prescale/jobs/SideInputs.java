package io.prescale.jobs;

import io.prescale.ml.overrides.ScopeOverride;
import io.prescale.model.ActuationResult;
import io.prescale.model.DeadLetter;
import io.prescale.model.RawRecord;
import io.prescale.operators.feedback.ReceivedHint;
import io.prescale.operators.feedback.ReceivedRating;
import io.prescale.operators.inputs.DecodeActuations;
import io.prescale.operators.inputs.DecodeFeedback;
import io.prescale.operators.inputs.DecodeOverrides;
import io.prescale.operators.inputs.Undecodable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The decoded side inputs of the scaling job, with what did not decode. Their sources never hold
 * back event time ({@link IdleWatermarks}).
 */
record SideInputs(
        DataStream<ActuationResult> actuations,
        DataStream<ReceivedHint> hints,
        DataStream<ReceivedRating> ratings,
        DataStream<ScopeOverride> overrides,
        DataStream<DeadLetter> deadLetters) {

    static SideInputs read(StreamExecutionEnvironment env, JobSources s, JobSettings settings) {
        SingleOutputStreamOperator<ActuationResult> actuations =
                raw(env, s, s.actuations(), "actuations")
                        .process(new DecodeActuations(settings.ingest().parser().maxFutureSkew()))
                        .name("decode-actuations")
                        .uid("decode-actuations");
        SingleOutputStreamOperator<ReceivedHint> hints =
                raw(env, s, s.feedback(), "feedback")
                        .process(
                                new DecodeFeedback(
                                        settings.allocation().demandMetrics(),
                                        settings.ingest().parser().maxFutureSkew()))
                        .name("decode-feedback")
                        .uid("decode-feedback");
        SingleOutputStreamOperator<ScopeOverride> overrides =
                raw(env, s, s.config(), "config")
                        .process(
                                new DecodeOverrides(
                                        settings.allocation().defaults(),
                                        settings.allocation().step().toMillis()))
                        .name("decode-overrides")
                        .uid("decode-overrides");
        return new SideInputs(
                actuations,
                hints,
                hints.getSideOutput(DecodeFeedback.RATINGS),
                overrides,
                actuations
                        .getSideOutput(Undecodable.DEAD_LETTERS)
                        .union(
                                hints.getSideOutput(Undecodable.DEAD_LETTERS),
                                overrides.getSideOutput(Undecodable.DEAD_LETTERS)));
    }

    private static DataStream<RawRecord> raw(
            StreamExecutionEnvironment env,
            JobSources sources,
            Source<RawRecord, ?, ?> source,
            String name) {
        if (source == null) {
            // an empty collection source fails in Flink 2.2; one record filtered out is nothing
            return env.fromData(
                            TypeInformation.of(RawRecord.class),
                            new RawRecord(null, null, "none", 0, 0, 0))
                    .uid("no-" + name)
                    .filter(r -> false)
                    .name("no-" + name);
        }
        return env.fromSource(source, IdleWatermarks.create(), name).uid(sources.uid(name));
    }
}
