package io.prescale.it.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.alert.AlertSettings;
import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import io.prescale.model.CommandIngested;
import io.prescale.model.DeadLetter;
import io.prescale.model.JsonCodec;
import io.prescale.model.RawRecord;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
import io.prescale.operators.feedback.ForecastRatings;
import io.prescale.operators.feedback.ReceivedHint;
import io.prescale.operators.feedback.ReceivedRating;
import io.prescale.operators.forecast.ForecastSettings;
import io.prescale.operators.forecast.SeriesForecastFunction;
import io.prescale.operators.ingest.DeadLetterSplit;
import io.prescale.operators.inputs.DecodeActuations;
import io.prescale.operators.inputs.DecodeFeedback;
import io.prescale.operators.window.SeriesKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The side inputs' decoders and the actuator's command split count what they dead-letter, as the
 * samples' split does: on a MiniCluster, read back through a metric reporter.
 */
class DeadLetterCountsITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();
    private static final Instant T = Instant.parse("2017-01-01T10:00:00Z");

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    private static RawRecord raw(String value, long offset) {
        return new RawRecord(
                "vm".getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8),
                "topic",
                0,
                offset,
                0);
    }

    private static long sum(JobID job, String name) {
        Map<String, Metric> found = REPORTER.findMetrics(job, name);
        return found.values().stream().mapToLong(m -> ((Counter) m).getCount()).sum();
    }

    @Test
    void decodersCountTheirDeadLetters() throws Exception {
        ActuationResult r =
                new ActuationResult("c", "vm", "cpu", 3, ActuationStatus.APPLIED, 2, "log", T, "");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromData(
                        raw(new String(JsonCodec.encode(r), StandardCharsets.UTF_8), 0),
                        raw("{\"v\":1}", 1),
                        raw("not json", 2))
                .process(new DecodeActuations(Duration.ofSeconds(30)))
                .sinkTo(new DiscardingSink<>());
        JobID job = env.execute("decode").getJobID();
        assertThat(sum(job, "recordsDeadLettered")).isEqualTo(2);
    }

    /**
     * A rating of a forecast never made waits for its time, is found unmatched and dead-lettered:
     * counted as a dead letter as well as {@code ratingsUnmatched}.
     */
    @Test
    void unmatchedRatingsCountAsDeadLetters() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        String rating =
                "{\"v\":1,\"type\":\"rating\",\"entity\":\"vm\",\"metric\":\"cpu\","
                        + "\"forecastIssuedAt\":\"2017-01-01T10:00:00Z\",\"score\":4}";
        SingleOutputStreamOperator<ReceivedHint> feedback =
                env.fromData(raw(rating, 0)).process(new DecodeFeedback(Set.of("cpu"), null));
        TypeInformation<SeriesKey> key = TypeInformation.of(SeriesKey.class);
        WindowAggregate other =
                new WindowAggregate("other", "cpu", T, T.plusSeconds(300), 1, 1, 1, 1);
        env.fromData(other)
                .keyBy(w -> new SeriesKey(w.entity(), w.metric()), key)
                .connect(
                        feedback.getSideOutput(DecodeFeedback.RATINGS)
                                .keyBy(ReceivedRating::series, key))
                .process(
                        new SeriesForecastFunction(
                                ForecastSettings.defaults(Duration.ofMinutes(5), 2),
                                new AlertSettings(0.9, 0.5, 0.99, Duration.ZERO),
                                new ForecastRatings(10)))
                .sinkTo(new DiscardingSink<>());
        JobID job = env.execute("ratings").getJobID();
        assertThat(sum(job, "ratingsUnmatched")).isEqualTo(1);
        assertThat(sum(job, "recordsDeadLettered")).isEqualTo(1);
    }

    @Test
    void theActuatorsSplitCountsCommandsAndDeadLetters() throws Exception {
        DeadLetter bad = new DeadLetter(null, new byte[] {1}, "commands", 0, 7, "bad", T);
        ScaleCommand c =
                new ScaleCommand(
                        "c1",
                        "vm",
                        "cpu",
                        ScaleAction.SCALE_UP,
                        2,
                        "pct",
                        1,
                        1,
                        "test",
                        0.99,
                        2,
                        0.9,
                        0,
                        T,
                        T,
                        T.plusSeconds(900));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromData(
                        new CommandIngested(c, null),
                        new CommandIngested(null, bad),
                        new CommandIngested(null, bad))
                .process(DeadLetterSplit.commands())
                .returns(ScaleCommand.class)
                .sinkTo(new DiscardingSink<>());
        JobID job = env.execute("split").getJobID();
        assertThat(sum(job, "commandsReceived")).isEqualTo(1);
        assertThat(sum(job, "recordsDeadLettered")).isEqualTo(2);
    }
}
