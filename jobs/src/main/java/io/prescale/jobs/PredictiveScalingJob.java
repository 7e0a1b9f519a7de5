package io.prescale.jobs;

import io.prescale.connectors.influx.EntityTags;
import io.prescale.connectors.influx.InfluxSink;
import io.prescale.connectors.influx.InfluxSinkConfig;
import io.prescale.ml.policy.PrescaleConfig;
import io.prescale.model.DeadLetter;
import io.prescale.model.Forecast;
import io.prescale.model.Ingested;
import io.prescale.model.MetricPoint;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
import io.prescale.operators.allocation.AllocationFunction;
import io.prescale.operators.allocation.AllocationSettings;
import io.prescale.operators.forecast.PlaceholderLastValueForecast;
import io.prescale.operators.ingest.LateSampleFunction;
import io.prescale.operators.ingest.SplitIngestedFunction;
import io.prescale.operators.window.AttachWindowFunction;
import io.prescale.operators.window.SeriesKey;
import io.prescale.operators.window.WindowStatsAggregate;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * The predictive scaling job, walking skeleton: metrics parsed and validated in the source (bad
 * records to the dead-letter sink) → event-time watermarks → tumbling windows per (entity, metric)
 * with count, mean, max and p95 → a PLACEHOLDER last-value forecast → Kafka and InfluxDB; per
 * entity, the window maxima of the demand metric feed the prescale allocation policy (the
 * backtest's code), whose decisions become versioned commands on the exactly-once commands topic
 * (unless {@code actuation.enabled} is false: recommend-only, commands only recorded in InfluxDB).
 *
 * <p>Source and sinks come in through the constructor so tests can run the same graph on in-memory
 * endpoints; {@link #main} wires Kafka and InfluxDB from the configuration.
 */
public final class PredictiveScalingJob {
    private static final OutputTag<MetricPoint> LATE =
            new OutputTag<>("late-samples", TypeInformation.of(MetricPoint.class));

    /** Where the job's outputs go. */
    public record Sinks(
            Sink<DeadLetter> deadLetters,
            Sink<WindowAggregate> windows,
            Sink<Forecast> forecasts,
            Sink<WindowAggregate> influxWindows,
            Sink<Forecast> influxForecasts,
            Sink<ScaleCommand> commands,
            Sink<ScaleCommand> influxCommands) {
        public Sinks {
            Objects.requireNonNull(commands, "commands sink");
            Objects.requireNonNull(influxCommands, "influxCommands sink");
            Objects.requireNonNull(deadLetters, "deadLetters sink");
            Objects.requireNonNull(windows, "windows sink");
            Objects.requireNonNull(forecasts, "forecasts sink");
            Objects.requireNonNull(influxWindows, "influxWindows sink");
            Objects.requireNonNull(influxForecasts, "influxForecasts sink");
        }
    }

    private final IngestSettings settings;
    private final AllocationSettings allocation;
    private final Source<Ingested, ?, ?> source;
    private final Sinks sinks;
    private final Clock clock;

    public PredictiveScalingJob(
            IngestSettings settings,
            AllocationSettings allocation,
            Source<Ingested, ?, ?> source,
            Sinks sinks,
            Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.allocation = Objects.requireNonNull(allocation, "allocation");
        this.source = Objects.requireNonNull(source, "source");
        this.sinks = Objects.requireNonNull(sinks, "sinks");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Adds the job's graph to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        // the source parses, so event time and watermarks are per Kafka partition
        WatermarkStrategy<Ingested> eventTime =
                WatermarkStrategy.<Ingested>forBoundedOutOfOrderness(settings.outOfOrderness())
                        .withTimestampAssigner((in, kafkaTs) -> in.eventTimeMillis())
                        .withIdleness(settings.idleness());
        SingleOutputStreamOperator<MetricPoint> points =
                env.fromSource(source, eventTime, "metrics")
                        .uid("metrics-source")
                        .process(new SplitIngestedFunction())
                        .name("split-dead-letters")
                        .uid("split-dead-letters");
        DataStream<DeadLetter> rejected = points.getSideOutput(SplitIngestedFunction.DEAD_LETTERS);

        SingleOutputStreamOperator<WindowAggregate> windows =
                points.keyBy(SeriesKey::of, TypeInformation.of(SeriesKey.class))
                        .window(TumblingEventTimeWindows.of(settings.window()))
                        .sideOutputLateData(LATE)
                        .aggregate(new WindowStatsAggregate(), new AttachWindowFunction())
                        .name("window-stats")
                        .uid("window-stats");
        DataStream<DeadLetter> late =
                windows.getSideOutput(LATE)
                        .process(new LateSampleFunction(clock))
                        .name("late-samples");

        DataStream<Forecast> forecasts =
                windows.map(new PlaceholderLastValueForecast())
                        .name(PlaceholderLastValueForecast.MODEL)
                        .uid("forecast");

        rejected.union(late).sinkTo(sinks.deadLetters()).name("deadletter-sink");
        windows.sinkTo(sinks.windows()).name("windows-sink");
        forecasts.sinkTo(sinks.forecasts()).name("forecasts-sink");
        windows.sinkTo(sinks.influxWindows()).name("influx-windows");

        DataStream<ScaleCommand> commands =
                windows.keyBy(WindowAggregate::entity)
                        .process(new AllocationFunction(allocation))
                        .name("allocation")
                        .uid("allocation");
        commands.sinkTo(sinks.commands()).name("commands-sink").uid("commands-sink");
        commands.sinkTo(sinks.influxCommands()).name("influx-commands");
        forecasts.sinkTo(sinks.influxForecasts()).name("influx-forecasts");
    }

    /** The Kafka and InfluxDB endpoints named in {@code conf}. */
    public static PredictiveScalingJob fromConfig(Configuration conf) {
        InfluxSinkConfig influx = InfluxWiring.config(conf).orElse(null);
        InfluxPoints points = influxPoints(conf);
        Sinks sinks =
                new Sinks(
                        KafkaWiring.deadLetterSink(conf),
                        KafkaWiring.jsonSink(
                                conf, conf.get(JobOptions.TOPIC_WINDOWS), WindowAggregate::entity),
                        KafkaWiring.jsonSink(
                                conf, conf.get(JobOptions.TOPIC_FORECASTS), Forecast::entity),
                        influx == null
                                ? KafkaWiring.discard()
                                : new InfluxSink<>(influx, points::window),
                        influx == null
                                ? KafkaWiring.discard()
                                : new InfluxSink<>(influx, points::forecast),
                        conf.get(JobOptions.ACTUATION_ENABLED)
                                ? KafkaWiring.exactlyOnceJsonSink(
                                        conf,
                                        conf.get(JobOptions.TOPIC_COMMANDS),
                                        ScaleCommand::entity)
                                : KafkaWiring.discard(),
                        influx == null
                                ? KafkaWiring.discard()
                                : new InfluxSink<>(influx, points::command));
        IngestSettings settings = IngestSettings.from(conf);
        return new PredictiveScalingJob(
                settings,
                allocationSettings(conf, settings),
                KafkaWiring.metricsSource(conf, settings.parser()),
                sinks,
                Clock.systemUTC());
    }

    /** The prescale policy over windows of the ingest settings' size. */
    public static AllocationSettings allocationSettings(Configuration conf, IngestSettings ingest) {
        long perDay = Duration.ofDays(1).toMillis() / ingest.window().toMillis();
        PrescaleConfig policy =
                PrescaleConfig.defaults(
                        conf.get(JobOptions.TARGET_VIOLATION),
                        conf.get(JobOptions.LEAD_STEPS),
                        (int) Math.max(1, perDay));
        return new AllocationSettings(
                conf.get(JobOptions.DEMAND_METRIC),
                conf.get(JobOptions.RESOURCE),
                conf.get(JobOptions.RESOURCE_UNIT),
                ingest.window(),
                conf.get(JobOptions.LEASE),
                policy);
    }

    /** The InfluxDB point mapping with the configured bound on entity tags. */
    static InfluxPoints influxPoints(Configuration conf) {
        return new InfluxPoints(
                new EntityTags(
                        conf.get(JobOptions.INFLUX_MAX_ENTITY_TAGS),
                        conf.get(JobOptions.INFLUX_ENTITY_BUCKETS)));
    }

    public static void main(String[] args) throws Exception {
        Configuration conf;
        try {
            conf = JobConfig.fromArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println("prescale: " + e.getMessage());
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(conf.get(JobOptions.CHECKPOINT_INTERVAL).toMillis());
        fromConfig(conf).build(env);
        env.execute("prescale-predictive-scaling");
    }
}
