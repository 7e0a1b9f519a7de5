package io.prescale.jobs;

import io.prescale.connectors.influx.EntityTags;
import io.prescale.connectors.kafka.TopicCheck;
import io.prescale.model.ActuationResult;
import io.prescale.model.Alert;
import io.prescale.model.DeadLetter;
import io.prescale.model.Forecast;
import io.prescale.model.Ingested;
import io.prescale.model.MetricPoint;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
import io.prescale.operators.alert.AlertFunction;
import io.prescale.operators.alert.AlertRaiseFunction;
import io.prescale.operators.alert.AnomalyScore;
import io.prescale.operators.allocation.AllocationRequest;
import io.prescale.operators.allocation.EntityAllocationFunction;
import io.prescale.operators.allocation.EntityEvent;
import io.prescale.operators.allocation.EntityTenants;
import io.prescale.operators.allocation.EntityWindows;
import io.prescale.operators.capacity.ArbiterFunction;
import io.prescale.operators.capacity.ArbiterOperator;
import io.prescale.operators.feedback.ForecastRatings;
import io.prescale.operators.feedback.ReceivedRating;
import io.prescale.operators.forecast.ForecastAccuracy;
import io.prescale.operators.forecast.SeriesForecastFunction;
import io.prescale.operators.ingest.DeadLetterSplit;
import io.prescale.operators.ingest.LateSampleFunction;
import io.prescale.operators.ledger.LedgerFunction;
import io.prescale.operators.types.ForecastTypeInfo;
import io.prescale.operators.types.MetricPointSerializer;
import io.prescale.operators.types.ScaleCommandSerializer;
import io.prescale.operators.types.SharedRecordTypeInfo;
import io.prescale.operators.window.AttachWindowFunction;
import io.prescale.operators.window.SeriesKey;
import io.prescale.operators.window.WindowAggregateSerializer;
import io.prescale.operators.window.WindowStatsAggregate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * The predictive scaling job: metrics parsed and validated in the source (bad records to the
 * dead-letter sink) → event-time watermarks → tumbling windows per (entity, metric) with count,
 * mean, max and p95 → per series ({@link SeriesForecastFunction}) the forecast stack, detectors and
 * forecast scoring → forecasts to Kafka and InfluxDB, accuracy to InfluxDB. Per entity ({@link
 * EntityAllocationFunction}): windows, the entity's tenant and client hints, with the policy
 * overrides of {@code prescale.config} broadcast, feed the prescale policy (the backtest's code)
 * per resource into allocation requests, with timers for silent entities and session ends; per pool
 * and resource the capacity arbiter ({@link ArbiterFunction}) grants, cuts or denies them (tiers,
 * proportional cuts, shadow pool; unlimited by default, which passes requests through) and versions
 * the grants into commands for the exactly-once commands topic (unless {@code actuation.enabled} is
 * false: recommend-only), with grant ({@code allocation}) and {@code pool} records to InfluxDB. The
 * commands pass through the ledger (per entity) on their way to the sinks: it keeps an entity's
 * versions continuous when it moves to another pool ({@link LedgerFunction}), and actuation results
 * from {@code prescale.actuations} meet the commands there; ratings from {@code prescale.feedback}
 * meet the forecasts they rate; the detectors' anomaly scores feed the alerts (hysteresis and
 * suppression) to {@code prescale.alerts}.
 *
 * <p>Sources and sinks come in through the constructor so tests can run the same graph on in-memory
 * endpoints; {@link #main} wires Kafka and InfluxDB from the configuration.
 */
public final class PredictiveScalingJob {
    /**
     * The uid of the commands sink: exactly-once to the commands topic, with its transactions in
     * the checkpoints, or a discarding sink without state when {@code actuation.enabled} is false.
     */
    public static final String COMMANDS_SINK_UID = "commands-sink";

    /**
     * The uid of the windows sink, which every run of the job has: a checkpoint without it is of a
     * prescale from before the sinks had uids.
     */
    public static final String WINDOWS_SINK_UID = "windows-sink";

    private static final OutputTag<MetricPoint> LATE =
            new OutputTag<>("late-samples", MetricPointSerializer.type());

    private final JobSettings settings;
    private final JobSources sources;
    private final JobSinks sinks;
    private final Clock clock;

    public PredictiveScalingJob(
            JobSettings settings, JobSources sources, JobSinks sinks, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sources = Objects.requireNonNull(sources, "sources");
        this.sinks = Objects.requireNonNull(sinks, "sinks");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Adds the job's graph to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        IngestSettings ingest = settings.ingest();
        // the source parses, so event time and watermarks are per Kafka partition
        WatermarkStrategy<Ingested> eventTime =
                (ingest.idleness() == null
                                ? WatermarkStrategy.<Ingested>forBoundedOutOfOrderness(
                                        ingest.outOfOrderness())
                                : WatermarkStrategy.forGenerator(
                                        ResumeHeldWatermarks.<Ingested>supplier(
                                                ingest.outOfOrderness(),
                                                ingest.idleness(),
                                                ingest.resumeHold())))
                        .withTimestampAssigner((in, kafkaTs) -> in.eventTimeMillis());
        SingleOutputStreamOperator<MetricPoint> points =
                env.fromSource(sources.metrics(), eventTime, "metrics")
                        .uid(sources.uid("metrics"))
                        .process(DeadLetterSplit.points())
                        .returns(MetricPointSerializer.type())
                        .name("split-dead-letters")
                        .uid("split-dead-letters");
        SingleOutputStreamOperator<WindowAggregate> windows =
                points.keyBy(SeriesKey::of, TypeInformation.of(SeriesKey.class))
                        .window(TumblingEventTimeWindows.of(ingest.window()))
                        .sideOutputLateData(LATE)
                        .aggregate(new WindowStatsAggregate(), new AttachWindowFunction())
                        .returns(WindowAggregateSerializer.type())
                        .name("window-stats")
                        .uid("window-stats");
        DataStream<DeadLetter> late =
                windows.getSideOutput(LATE)
                        .process(new LateSampleFunction(clock))
                        .name("late-samples");
        SideInputs side = SideInputs.read(env, sources, settings);
        SingleOutputStreamOperator<Forecast> forecasts = forecast(windows, side.ratings());
        // every sink has its name for uid: Flink's generated ids depend on the graph, which
        // actuation.enabled changes (the commands sink's committer), so a recommend-only job's
        // checkpoint did not restore into the actuating job (the thirty-ninth tester)
        windows.sinkTo(sinks.windows()).name(WINDOWS_SINK_UID).uid(WINDOWS_SINK_UID);
        forecasts.sinkTo(sinks.forecasts()).name("forecasts-sink").uid("forecasts-sink");
        windows.sinkTo(sinks.influxWindows()).name("influx-windows").uid("influx-windows");
        forecasts.sinkTo(sinks.influxForecasts()).name("influx-forecasts").uid("influx-forecasts");

        Allocated allocated = allocate(points, windows, side);
        SingleOutputStreamOperator<ScaleCommand> commands =
                allocated
                        .commands()
                        .keyBy(ScaleCommand::entity)
                        .connect(side.actuations().keyBy(ActuationResult::entity))
                        .process(new LedgerFunction(settings.retention().ledger()))
                        .returns(ScaleCommandSerializer.type())
                        .name("ledger")
                        .uid("ledger");
        // the sinks chain to the ledger, which numbers the commands across pool moves
        commands.sinkTo(sinks.commands()).name(COMMANDS_SINK_UID).uid(COMMANDS_SINK_UID);
        commands.sinkTo(sinks.influxCommands()).name("influx-commands").uid("influx-commands");
        commands.getSideOutput(LedgerFunction.LINES)
                .sinkTo(sinks.influxLedger())
                .name("influx-ledger")
                .uid("influx-ledger");
        forecasts
                .getSideOutput(ForecastRatings.RATED)
                .sinkTo(sinks.influxRatings())
                .name("influx-ratings")
                .uid("influx-ratings");
        alert(forecasts.getSideOutput(SeriesForecastFunction.SCORES));

        points.getSideOutput(DeadLetterSplit.DEAD_LETTERS)
                .union(
                        late,
                        side.deadLetters(),
                        forecasts.getSideOutput(ForecastRatings.UNMATCHED),
                        allocated.expiredHints())
                .sinkTo(sinks.deadLetters())
                .name("deadletter-sink")
                .uid("deadletter-sink");
    }

    /**
     * The arbiters' versioned commands (and RECLASS recommendations), before the ledger numbers
     * them across pool moves; and the hints that came too late to raise any of them.
     */
    private record Allocated(
            DataStream<ScaleCommand> commands, DataStream<DeadLetter> expiredHints) {}

    /** Per entity: allocation requests; per pool: the arbiter's versioned commands. */
    private Allocated allocate(
            DataStream<MetricPoint> points, DataStream<WindowAggregate> windows, SideInputs side) {
        long refresh = settings.allocation().session().inactivityTimeout().toMillis();
        DataStream<EntityEvent> events =
                windows.transform("entity-windows", EntityEvent.type(), new EntityWindows())
                        .union(
                                points.flatMap(new EntityTenants(refresh, 100_000))
                                        .returns(EntityEvent.type())
                                        .name("entity-tenants")
                                        .uid("entity-tenants")
                                        // raw samples run ahead of the windows: their event time
                                        // must not pass windows still on their way
                                        // (IdleStartITCase)
                                        .assignTimestampsAndWatermarks(IdleWatermarks.create())
                                        .name("entity-tenants-no-event-time"),
                                side.hints()
                                        .map(EntityEvent::of)
                                        .returns(EntityEvent.type())
                                        .name("entity-hints"));
        SingleOutputStreamOperator<AllocationRequest> requests =
                events.keyBy(EntityEvent::entity, Types.STRING)
                        .connect(side.overrides().broadcast(EntityAllocationFunction.OVERRIDES))
                        .process(new EntityAllocationFunction(settings.allocation()))
                        .returns(AllocationRequest.type())
                        .name("allocation")
                        .uid("allocation");
        requests.getSideOutput(EntityAllocationFunction.PROVISIONED)
                .sinkTo(sinks.influxProvisioning())
                .name("influx-provisioning")
                .uid("influx-provisioning");
        SingleOutputStreamOperator<ScaleCommand> granted =
                requests.keyBy(AllocationRequest::poolKey)
                        .transform(
                                "capacity-arbiter",
                                ScaleCommandSerializer.type(),
                                new ArbiterOperator(settings.capacity()))
                        .uid("capacity-arbiter");
        granted.getSideOutput(ArbiterFunction.GRANTS)
                .sinkTo(sinks.influxAllocations())
                .name("influx-allocations")
                .uid("influx-allocations");
        granted.getSideOutput(ArbiterFunction.POOL)
                .sinkTo(sinks.influxPools())
                .name("influx-pool")
                .uid("influx-pool");
        // a RECLASS recommendation concerns the entity, not a pool's capacity
        DataStream<ScaleCommand> commands =
                settings.allocation().reclassifies()
                        ? granted.union(requests.getSideOutput(EntityAllocationFunction.RECLASS))
                        : granted;
        return new Allocated(
                commands, requests.getSideOutput(EntityAllocationFunction.EXPIRED_HINTS));
    }

    /**
     * Per series, where its windows were computed (reinterpreted as keyed, no shuffle): forecasts,
     * anomaly scores ({@link SeriesForecastFunction#SCORES}) and scored forecasts, the latter to
     * InfluxDB's {@code accuracy}; the ratings, keyed by series, meet the one-step forecasts they
     * rate in the same operator ({@link ForecastRatings}). The hot streams (points, windows,
     * forecasts, accuracy rows) are typed so that their chained consumers share each record instead
     * of copying it ({@link SharedRecordTypeInfo}, or a hand-written serializer that copies by
     * identity).
     *
     * <p>The forecast operator has a task of its own (it has two inputs), fed by a forward edge
     * from the window task: when the watermark passes many steps at once (a replay, a catch-up, the
     * source's periodic watermark at high rates), the window task fires all their windows in one
     * go, and in two tasks the forecasting overlaps with the next windows.
     */
    private SingleOutputStreamOperator<Forecast> forecast(
            DataStream<WindowAggregate> windows, DataStream<ReceivedRating> ratings) {
        TypeInformation<SeriesKey> key = TypeInformation.of(SeriesKey.class);
        SingleOutputStreamOperator<Forecast> forecasts =
                DataStreamUtils.reinterpretAsKeyedStream(
                                windows, w -> new SeriesKey(w.entity(), w.metric()), key)
                        .connect(ratings.keyBy(ReceivedRating::series, key))
                        .process(
                                new SeriesForecastFunction(
                                        settings.forecast(),
                                        settings.alerts(),
                                        new ForecastRatings(
                                                settings.retention().forecastsPerSeries())))
                        .returns(ForecastTypeInfo.shared())
                        .name("forecast")
                        .uid("forecast");
        forecasts
                .getSideOutput(SeriesForecastFunction.ACCURACY)
                .flatMap(new AccuracyRows())
                .returns(SharedRecordTypeInfo.of(ForecastAccuracy.class))
                .name("accuracy-rows")
                .sinkTo(sinks.influxAccuracy())
                .name("influx-accuracy")
                .uid("influx-accuracy");
        return forecasts;
    }

    /**
     * The detectors' scores and their hysteresis stay keyed by series where the windows are (no
     * shuffle); only raises go to the entity for suppression.
     */
    private void alert(DataStream<AnomalyScore> scores) {
        TypeInformation<SeriesKey> key = TypeInformation.of(SeriesKey.class);
        Duration ttl = settings.retention().alerts();
        DataStream<Alert> alerts =
                DataStreamUtils.reinterpretAsKeyedStream(
                                scores, s -> new SeriesKey(s.entity(), s.metric()), key)
                        .process(new AlertRaiseFunction(settings.alerts(), ttl))
                        .name("alert-hysteresis")
                        .uid("alert-hysteresis")
                        .keyBy(AnomalyScore::entity, Types.STRING)
                        .process(new AlertFunction(settings.alerts(), ttl))
                        .name("alerts")
                        .uid("alerts");
        alerts.sinkTo(sinks.alerts()).name("alerts-sink").uid("alerts-sink");
        alerts.sinkTo(sinks.influxAlerts()).name("influx-alerts").uid("influx-alerts");
    }

    /** The Kafka and InfluxDB endpoints named in {@code conf}. */
    public static PredictiveScalingJob fromConfig(Configuration conf) {
        JobSettings settings = JobSettings.from(conf);
        return new PredictiveScalingJob(
                settings,
                JobSources.fromConfig(conf, settings.ingest()),
                JobSinks.fromConfig(conf),
                Clock.systemUTC());
    }

    /** The InfluxDB point mapping with the configured bound on entity tags. */
    static InfluxPoints influxPoints(Configuration conf) {
        return new InfluxPoints(entityTags(conf));
    }

    static EntityTags entityTags(Configuration conf) {
        return new EntityTags(
                JobConfig.atLeast(conf, JobOptions.INFLUX_MAX_ENTITY_TAGS, 0),
                JobConfig.atLeast(conf, JobOptions.INFLUX_ENTITY_BUCKETS, 1));
    }

    /**
     * Runs the job on the cluster of the environment (a REST submission runs this in the
     * JobManager). A bad option throws an {@link IllegalArgumentException} whose message names it,
     * which Flink hands back to the submitter, never {@code System.exit}, which would stop that
     * JobManager and every job on it.
     */
    public static void main(String[] args) throws Exception {
        Configuration conf = JobConfig.fromArgs(args);
        // every setting, sources' and sinks' included, is read before Flink starts
        PredictiveScalingJob job = fromConfig(conf);
        // on a cluster a missing topic would restart the job without end: refuse the submission
        TopicCheck.requireInputs(
                conf.get(JobOptions.KAFKA_BOOTSTRAP),
                List.of(conf.get(JobOptions.TOPIC_METRICS)),
                TopicCheck.TIMEOUT,
                System.err);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(JobConfig.environment(conf));
        env.enableCheckpointing(conf.get(JobOptions.CHECKPOINT_INTERVAL).toMillis());
        job.build(env);
        env.execute("prescale-predictive-scaling");
    }
}
