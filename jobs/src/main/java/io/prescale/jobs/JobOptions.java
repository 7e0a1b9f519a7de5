package io.prescale.jobs;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.prescale.connectors.actuator.ProcessPoolConfig;
import io.prescale.connectors.kafka.Topics;
import io.prescale.model.ParserConfig;
import io.prescale.operators.capacity.ShadowSettings;
import io.prescale.operators.forecast.WindowStatistic;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;

/** Every tunable of the jobs: key, typed default and description. */
public final class JobOptions {

    public static final ConfigOption<String> KAFKA_BOOTSTRAP =
            key("kafka.bootstrap-servers")
                    .stringType()
                    .defaultValue("127.0.0.1:9092")
                    .withDescription("Kafka bootstrap servers (host:port, comma separated).");

    public static final ConfigOption<String> KAFKA_GROUP_ID =
            key("kafka.group-id")
                    .stringType()
                    .defaultValue("prescale-scaling")
                    .withDescription("Consumer group id of the scaling job's metrics source.");

    public static final ConfigOption<Boolean> KAFKA_BOUNDED =
            key("kafka.bounded")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Stop at the offsets that are latest when the job starts (replays and"
                                    + " demos); false runs forever.");

    /**
     * How long the jobs' Kafka producers wait out a broker that does not answer ({@link
     * KafkaWiring#producerOutageSettings}); at least 1 min, checked at start-up.
     */
    public static final ConfigOption<Duration> KAFKA_OUTAGE_TIMEOUT =
            key("kafka.outage-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(3))
                    .withDescription(
                            "How long the jobs' Kafka producers wait for a broker that does not"
                                    + " answer before the job fails over and restarts from its"
                                    + " last checkpoint: their max.block.ms (the commands sink"
                                    + " starts a transaction at every checkpoint) and"
                                    + " delivery.timeout.ms (records sent before the outage and"
                                    + " not yet acknowledged, which a checkpoint waits for)."
                                    + " Kafka's own 1 min and 2 min made an outage of a few"
                                    + " minutes restart the job. At least 1 min (the producers'"
                                    + " 30 s request timeout, twice), at most 24 d (Kafka's int of"
                                    + " milliseconds). A checkpoint taken during"
                                    + " an outage waits up to this long: below"
                                    + " execution.checkpointing.timeout (4 min) it completes"
                                    + " once the broker is back, above it it times out and counts"
                                    + " as failed. The Kafka sources wait for the broker however"
                                    + " long it is away.");

    public static final ConfigOption<String> TOPIC_METRICS =
            key("topics.metrics")
                    .stringType()
                    .defaultValue(Topics.METRICS)
                    .withDescription("Topic of metric samples (JSON or Influx line protocol).");

    public static final ConfigOption<String> TOPIC_DEADLETTER =
            key("topics.deadletter")
                    .stringType()
                    .defaultValue(Topics.DEADLETTER)
                    .withDescription("Topic for rejected records, with their reason.");

    public static final ConfigOption<String> TOPIC_WINDOWS =
            key("topics.windows")
                    .stringType()
                    .defaultValue(Topics.WINDOWS)
                    .withDescription("Topic of per-(entity, metric) window aggregates.");

    public static final ConfigOption<String> TOPIC_FORECASTS =
            key("topics.forecasts")
                    .stringType()
                    .defaultValue(Topics.FORECASTS)
                    .withDescription("Topic of forecasts.");

    public static final ConfigOption<Duration> WINDOW_SIZE =
            key("window.size")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "Tumbling event-time window per (entity, metric); at least 1 s.");

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
            key("watermark.out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription("How late a sample may arrive and still count in its window.");

    public static final ConfigOption<Duration> IDLENESS =
            key("watermark.idleness")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "A source split without records for this long stops holding back the"
                                    + " watermark. Not used with kafka.bounded: every split of a"
                                    + " bounded replay ends, and a split that is only slow to be"
                                    + " read must not have its samples made late.");

    public static final ConfigOption<Duration> RESUME_HOLD =
            key("watermark.resume-hold")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "When a source split gets records again after watermark.idleness"
                                    + " without any, its watermark stays at its first record's"
                                    + " time for this long before it follows its records, so that"
                                    + " the other splits resuming at the same time (a replay into"
                                    + " a running job, a backlog after a Kafka outage) are read"
                                    + " before event time passes their samples; otherwise the"
                                    + " split read first makes all the others' samples late."
                                    + " Delays the windows after each idle spell by as much. 0"
                                    + " turns it off.");

    public static final ConfigOption<String> ENTITY_TAG =
            key("parser.entity-tag")
                    .stringType()
                    .defaultValue("host")
                    .withDescription("Line-protocol tag whose value is the entity.");

    public static final ConfigOption<String> TENANT_TAG =
            key("parser.tenant-tag")
                    .stringType()
                    .defaultValue("tenant")
                    .withDescription("Line-protocol tag whose value is the tenant.");

    public static final ConfigOption<String> LINE_PROTOCOL_PRECISION =
            key("parser.line-protocol-precision")
                    .stringType()
                    .defaultValue("ns")
                    .withDescription(
                            "Unit of line-protocol timestamps: s, ms, us or ns (Telegraf's"
                                    + " default).");

    public static final ConfigOption<Integer> MAX_PAYLOAD_BYTES =
            key(ParserConfig.MAX_PAYLOAD_BYTES_KEY)
                    .intType()
                    .defaultValue(1 << 20)
                    .withDescription("Records larger than this are dead-lettered; at least 1.");

    public static final ConfigOption<Duration> MAX_PAST_SKEW =
            key(ParserConfig.MAX_PAST_SKEW_KEY)
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "Samples older than this (against the wall clock) are dead-lettered;"
                                    + " 0 turns the check off (replays of old traces).");

    public static final ConfigOption<Duration> MAX_FUTURE_SKEW =
            key(ParserConfig.MAX_FUTURE_SKEW_KEY)
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "Samples further in the future than this (against the wall clock) are"
                                    + " dead-lettered, as are ratings of forecasts issued further"
                                    + " ahead and actuation results stamped further ahead; 0 turns"
                                    + " the check off. Above"
                                    + " watermark.out-of-orderness, one sender whose clock runs"
                                    + " that far ahead moves event time on for its whole Kafka"
                                    + " partition, and the last seconds of every window of the"
                                    + " other entities there come late.");

    public static final ConfigOption<String> INFLUX_URL =
            key("influx.url")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "InfluxDB v1 HTTP API, e.g. http://127.0.0.1:8086 (a server with"
                                    + " authentication: http://user:password@host:8086, sent as"
                                    + " Basic authentication and named in no message;"
                                    + " percent-encoded, @ as %40; give them in a --config file"
                                    + " only you can read, as -D shows them to every local user"
                                    + " in the process list); unset writes nothing to InfluxDB.");

    public static final ConfigOption<String> INFLUX_DATABASE =
            key("influx.database")
                    .stringType()
                    .defaultValue("prescale")
                    .withDescription(
                            "InfluxDB database (created when missing, where the user of"
                                    + " influx.url may; a user who may only write needs it made"
                                    + " beforehand): a letter or _ then up to 63 letters, digits"
                                    + " or _.");

    public static final ConfigOption<Integer> INFLUX_BATCH_SIZE =
            key("influx.batch-size")
                    .intType()
                    .defaultValue(5000)
                    .withDescription(
                            "Points per InfluxDB write; everything is flushed on checkpoint. Each"
                                    + " write costs the server a WAL sync: 5000 writes about 3x"
                                    + " faster than 1000 (BENCHMARKS.md).");

    public static final ConfigOption<Integer> INFLUX_MAX_ENTITY_TAGS =
            key("influx.max-entity-tags")
                    .intType()
                    .defaultValue(10_000)
                    .withDescription(
                            "Entities per sink subtask written as the tag 'entity'; beyond it an"
                                    + " entity is written as tag 'entity_bucket' (hash modulo"
                                    + " influx.entity-buckets) plus field 'entity_name', which"
                                    + " bounds series cardinality.");

    public static final ConfigOption<Integer> INFLUX_ENTITY_BUCKETS =
            key("influx.entity-buckets")
                    .intType()
                    .defaultValue(1024)
                    .withDescription(
                            "Buckets for entities past influx.max-entity-tags: more buckets,"
                                    + " fewer pairs of entities whose points overwrite each"
                                    + " other's (README, InfluxDB schema), at one series each.");

    public static final ConfigOption<Integer> INFLUX_MAX_RETRIES =
            key("influx.max-retries")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Retries of a failed InfluxDB write (per flush) before its points stay"
                                    + " buffered for the next checkpoint.");

    public static final ConfigOption<Duration> INFLUX_INITIAL_BACKOFF =
            key("influx.initial-backoff")
                    .durationType()
                    .defaultValue(Duration.ofMillis(200))
                    .withDescription(
                            "Wait before the first retry of an InfluxDB write; doubled per retry."
                                    + " Above 0.");

    public static final ConfigOption<Integer> INFLUX_MAX_BUFFERED_POINTS =
            key("influx.max-buffered-points")
                    .intType()
                    .defaultValue(100_000)
                    .withDescription(
                            "Points each InfluxDB sink subtask keeps while InfluxDB is down; beyond"
                                    + " it the oldest are dropped, counted (influxPointsDropped) and"
                                    + " logged. At least influx.batch-size.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            key("checkpoint.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("Interval of Flink checkpoints (and InfluxDB flushes).");

    /** Flink's own key, so that the standard option works as a job option too. */
    public static final ConfigOption<String> CHECKPOINT_DIR =
            key("execution.checkpointing.dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Directory (URI, e.g. file:///var/lib/prescale/checkpoints) the job's"
                                    + " checkpoints are written to: Flink's own option. A path"
                                    + " without a scheme (/var/lib/prescale/checkpoints, or"
                                    + " relative to the working directory) is a local directory,"
                                    + " given to Flink as an absolute file: URI (spaces and"
                                    + " all: Flink reads a file: URI as written, %20 is not a"
                                    + " space). Unset,"
                                    + " prescale run and actuate write to"
                                    + " .prescale/checkpoints/<command> under the working"
                                    + " directory, and a cluster to its own"
                                    + " execution.checkpointing.dir (infra/local.sh sets one)."
                                    + " Without any, Flink keeps checkpoints in the JobManager's"
                                    + " memory, which fails every checkpoint of more than 5 MiB"
                                    + " of state (a few thousand series).");

    /**
     * Flink's own key with prescale's default, set in the jobs' environment ({@link
     * JobConfig#environment}) and so over a cluster's own. With {@link #CHECKPOINT_TIMEOUT} and
     * {@link #CHECKPOINT_INTERVAL} it bounds how long the commands sink's Kafka transaction stays
     * open, checked at start-up ({@link CommandsTransactionWindow}).
     */
    public static final ConfigOption<Integer> CHECKPOINT_TOLERABLE_FAILURES =
            key("execution.checkpointing.tolerable-failed-checkpoints")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "Consecutive failed checkpoints the job goes on after (an I/O error"
                                    + " of the checkpoint storage, a checkpoint timing out); one"
                                    + " more restarts it from its last checkpoint. Flink's own"
                                    + " option, whose default 0 restarts the job on the first."
                                    + " The commands sink's Kafka transaction stays open across"
                                    + " them, and the broker aborts one open past its 15 min"
                                    + " timeout (its commands are lost): a job refuses to start"
                                    + " when (this + 1) × max(checkpoint.interval,"
                                    + " execution.checkpointing.timeout) +"
                                    + " execution.checkpointing.timeout exceeds 15 min.");

    /**
     * Flink's own key with prescale's default, set in the jobs' environment ({@link
     * JobConfig#environment}) and so over a cluster's own, as {@link
     * #CHECKPOINT_TOLERABLE_FAILURES}: the two bound together how long the commands sink's Kafka
     * transaction can stay open, so the job sets both. Flink's 10 min would not fit one failure
     * tolerated ({@link CommandsTransactionWindow}).
     */
    public static final ConfigOption<Duration> CHECKPOINT_TIMEOUT =
            key("execution.checkpointing.timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(4))
                    .withDescription(
                            "How long a checkpoint may take before it is abandoned and counted as"
                                    + " failed (execution.checkpointing.tolerable-failed-checkpoints):"
                                    + " Flink's own option, set by the job over a cluster's own;"
                                    + " at least 10 ms. Not Flink's 10 min: with the failures"
                                    + " tolerated it must let the commands sink's Kafka"
                                    + " transaction commit within its 15 min timeout (see"
                                    + " execution.checkpointing.tolerable-failed-checkpoints).");

    /**
     * Flink's own key, set in the jobs' environment ({@link JobConfig#environment}) only when
     * given, so that unset a cluster's own setting holds. prescale accepts the two backends it is
     * tested on ({@link JobConfig#stateBackend}).
     */
    public static final ConfigOption<String> STATE_BACKEND =
            key("state.backend.type")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Where the jobs keep their keyed state: hashmap (Java objects on the"
                                    + " heap; each checkpoint writes the whole state) or rocksdb"
                                    + " (serialized in an embedded RocksDB on local disk, off the"
                                    + " heap; with execution.checkpointing.incremental each"
                                    + " checkpoint writes only what changed since the one"
                                    + " before). Flink's own option. Unset, a cluster's own"
                                    + " state.backend.type holds, else Flink's default, hashmap"
                                    + " (prescale run and actuate). rocksdb costs CPU on every"
                                    + " state access and suits many keys: see the README's"
                                    + " \"State backend\".");

    /** Flink's own key, set in the jobs' environment only when given, as {@link #STATE_BACKEND}. */
    public static final ConfigOption<Boolean> CHECKPOINT_INCREMENTAL =
            key("execution.checkpointing.incremental")
                    .booleanType()
                    .noDefaultValue()
                    .withDescription(
                            "Incremental checkpoints: with state.backend.type rocksdb each"
                                    + " checkpoint uploads only the RocksDB files written since"
                                    + " the one before and refers to the rest; the hashmap"
                                    + " backend ignores it. Flink's own option. Unset, a"
                                    + " cluster's own holds, else Flink's default, false.");

    public static final ConfigOption<String> DEMAND_METRIC =
            key("allocation.demand-metric")
                    .stringType()
                    .defaultValue("cpu_pct")
                    .withDescription(
                            "Metric whose per-window maximum is an entity's demand for the"
                                    + " allocated resource.");

    public static final ConfigOption<String> RESOURCE =
            key("allocation.resource")
                    .stringType()
                    .defaultValue("cpu")
                    .withDescription("Resource the commands scale.");

    public static final ConfigOption<String> RESOURCE_UNIT =
            key("allocation.unit")
                    .stringType()
                    .defaultValue("pct")
                    .withDescription("Unit of the allocation, the demand metric's unit.");

    public static final ConfigOption<Double> TARGET_VIOLATION =
            key("allocation.target-violation")
                    .doubleType()
                    .defaultValue(0.01)
                    .withDescription(
                            "Share of steps an entity may be under-provisioned, in [0.0001, 0.5]; the"
                                    + " policy's per-entity feedback steers each entity towards it,"
                                    + " which holds the pooled rate close while single entities"
                                    + " spread around it (backtest, Azure trace at 0.01: pooled"
                                    + " 0.0106, per-entity p95 0.0126, worst 0.0145, over 27 days; entities"
                                    + " that live a few days sit above it: README, Backtest).");

    public static final ConfigOption<Integer> LEAD_STEPS =
            key("allocation.lead-steps")
                    .intType()
                    .defaultValue(2)
                    .withDescription(
                            "Lead L in windows: a decision made at the end of window s is for"
                                    + " window s + L, which starts L - 1 windows later: the time"
                                    + " the actuator has to apply its command, less"
                                    + " watermark.out-of-orderness (a window closes that long after"
                                    + " its end) and the commit (up to checkpoint.interval); prescale"
                                    + " run notes options that leave none. Set it to the actuation delay"
                                    + " in windows plus one. At least 1 (a command due as it is"
                                    + " issued) and at most forecast.horizons.");

    public static final ConfigOption<Duration> LEASE =
            key("allocation.lease")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(15))
                    .withDescription(
                            "How long a requested allocation holds in its pool unless renewed:"
                                    + " an amount that holds is renewed every half lease, with a"
                                    + " RENEW command of the grant in force (same target, next"
                                    + " version, new lease expiry) so that a backend that lost it"
                                    + " is brought back to it (none for a grant of 0; an actuated"
                                    + " shadow pool that holds is renewed by the same rule); one"
                                    + " that lapses (the job stopped deciding for the entity) is"
                                    + " released to 0.");

    public static final ConfigOption<Boolean> ACTUATION_ENABLED =
            key("actuation.enabled")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Send commands to the commands topic; false is recommend-only: the"
                                    + " job still decides and records every command in InfluxDB.");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            key("kafka.transactional-id-prefix")
                    .stringType()
                    .defaultValue("prescale-commands")
                    .withDescription(
                            "Prefix of the transactional ids of the exactly-once commands sink;"
                                    + " unique per job on a cluster.");

    public static final ConfigOption<String> TOPIC_COMMANDS =
            key("topics.commands")
                    .stringType()
                    .defaultValue(Topics.COMMANDS)
                    .withDescription("Topic of scale commands (read with read_committed).");

    public static final ConfigOption<String> TOPIC_ACTUATIONS =
            key("topics.actuations")
                    .stringType()
                    .defaultValue(Topics.ACTUATIONS)
                    .withDescription("Topic of actuation results, one per command.");

    public static final ConfigOption<String> ACTUATOR_GROUP_ID =
            key("actuator.group-id")
                    .stringType()
                    .defaultValue("prescale-actuator")
                    .withDescription("Consumer group id of the actuator job's commands source.");

    public static final ConfigOption<String> ACTUATOR_BACKEND =
            key("actuator.backend")
                    .stringType()
                    .defaultValue("log")
                    .withDescription(
                            "Backend that applies commands: log, process-pool, webhook or"
                                    + " kubernetes.");

    public static final ConfigOption<String> PROCESS_POOL_COMMAND =
            key("actuator.process-pool.command")
                    .stringType()
                    .defaultValue("sleep 3600")
                    .withDescription(
                            "Worker command of the process-pool backend, split on spaces;"
                                    + " {entity} and {index} are replaced per worker. It must"
                                    + " stay in the foreground (exec, or the program's"
                                    + " foreground flag), not fork a daemon and exit.");

    public static final ConfigOption<Integer> PROCESS_POOL_MAX =
            key("actuator.process-pool.max-processes")
                    .intType()
                    .defaultValue(64)
                    .withDescription(
                            "Most worker processes the process-pool backend runs in all; at least 1.");

    public static final ConfigOption<Duration> PROCESS_POOL_GRACE =
            key("actuator.process-pool.grace-period")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "How long a stopped worker may take to exit before it is killed.");

    public static final ConfigOption<String> PROCESS_POOL_RESOURCE =
            key("actuator.process-pool.resource")
                    .stringType()
                    .defaultValue("replicas:replicas")
                    .withDescription(
                            "Resource and unit (resource:unit) of the commands the process-pool"
                                    + " backend applies, e.g. cpu:pct; others are rejected.");

    public static final ConfigOption<Double> PROCESS_POOL_AMOUNT_PER_WORKER =
            key("actuator.process-pool.amount-per-worker")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription(
                            "Amount of the resource one worker process provides: a target of a"
                                    + " runs ceil(a / amount-per-worker) workers.");

    public static final ConfigOption<String> PROCESS_POOL_STATE_DIR =
            key("actuator.process-pool.state-dir")
                    .stringType()
                    .defaultValue(".prescale/workers")
                    .withDescription(
                            "Directory (relative to the working directory of the actuator's"
                                    + " process) where the process-pool backend records the"
                                    + " workers it runs (pid and start time), so that an actuator"
                                    + " restarted after it was killed stops the workers left"
                                    + " running before it starts its own.");

    public static final ConfigOption<Duration> PROCESS_POOL_START_CHECK =
            key("actuator.process-pool.start-check")
                    .durationType()
                    .defaultValue(ProcessPoolConfig.START_CHECK)
                    .withDescription(
                            "How long a command that starts process-pool workers waits for them"
                                    + " to keep running: a worker that exits within it fails the"
                                    + " command (retried as a process that could not start) with"
                                    + " its exit code and the end of its stderr; 0 does not wait."
                                    + " Paid only by commands that start workers.");

    public static final ConfigOption<String> WEBHOOK_URL =
            key("actuator.webhook.url")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "URL the webhook backend POSTs each command to; a user and password"
                                    + " in it (https://user:password@host/path) are sent as Basic"
                                    + " authentication and named in no message (percent-encoded,"
                                    + " @ as %40; as the secret, best in a --config file only you"
                                    + " can read).");

    public static final ConfigOption<String> WEBHOOK_SECRET =
            key("actuator.webhook.secret")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Shared secret of the webhook's X-Prescale-Signature HMAC-SHA256"
                                    + " header; required with actuator.backend webhook. Give it in"
                                    + " a --config file only you can read: -D shows it to every"
                                    + " local user in the process list.");

    public static final ConfigOption<Duration> WEBHOOK_CONNECT_TIMEOUT =
            key("actuator.webhook.connect-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription(
                            "How long the webhook backend waits for a connection to"
                                    + " actuator.webhook.url; a connection that fails or times out"
                                    + " is retried (actuator.retries).");

    public static final ConfigOption<Duration> WEBHOOK_READ_TIMEOUT =
            key("actuator.webhook.read-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "How long the webhook backend waits for the receiver's answer once"
                                    + " connected. A command not answered within it fails at"
                                    + " once, not retried: the actuator applies one command at a"
                                    + " time, so each try would hold up the commands of every"
                                    + " entity that long.");

    public static final ConfigOption<String> KUBERNETES_NAMESPACE =
            key("actuator.kubernetes.namespace")
                    .stringType()
                    .defaultValue("default")
                    .withDescription("Namespace of the workloads the kubernetes backend scales.");

    public static final ConfigOption<String> KUBERNETES_LABEL =
            key("actuator.kubernetes.entity-label")
                    .stringType()
                    .defaultValue("prescale.io/entity")
                    .withDescription("Label whose value names the entity a workload belongs to.");

    public static final ConfigOption<String> KUBERNETES_SHADOW_LABEL =
            key("actuator.kubernetes.shadow-label")
                    .stringType()
                    .defaultValue("prescale.io/shadow-pool")
                    .withDescription(
                            "Label whose value names the pool of the placeholder (balloon)"
                                    + " workload that holds the pool's shadow capacity: the"
                                    + " kubernetes backend applies the commands of the entity"
                                    + " shadow:<pool> to the workload labelled <label>=<pool>."
                                    + " Must differ from actuator.kubernetes.entity-label.");

    public static final ConfigOption<Integer> ACTUATOR_RETRIES =
            key("actuator.retries")
                    .intType()
                    .defaultValue(3)
                    .withDescription("Retries of a transient backend failure before FAILED.");

    public static final ConfigOption<Duration> ACTUATOR_INITIAL_BACKOFF =
            key("actuator.initial-backoff")
                    .durationType()
                    .defaultValue(Duration.ofMillis(200))
                    .withDescription(
                            "Wait before the first retry of a backend failure; doubled per retry."
                                    + " Above 0.");

    public static final ConfigOption<Duration> ACTUATOR_MAX_BACKOFF =
            key("actuator.max-backoff")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "Longest wait between retries; at least actuator.initial-backoff.");

    public static final ConfigOption<Duration> ACTUATOR_VERSION_TTL =
            key("actuator.version-ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "How long the actuator's version gate remembers the newest command"
                                    + " version it passed for an (entity, resource), applied or"
                                    + " not, after its last command; a command not newer than it"
                                    + " is reported SUPERSEDED. Above 0.");

    public static final ConfigOption<Map<String, String>> CAPACITY_LIMITS =
            key("capacity.limits")
                    .mapType()
                    .noDefaultValue()
                    .withDescription(
                            "Capacity of each pool and resource, as pool/resource:amount pairs in"
                                    + " the resource's allocation unit, each amount in [0, 1e18],"
                                    + " e.g. default/cpu:400,batch/cpu:64. A pool and resource not"
                                    + " listed is unlimited: the arbiter then passes every request"
                                    + " through unchanged, so the job decides what the backtest"
                                    + " decides. Each resource must be one the job allocates"
                                    + " (allocation.resources, else allocation.resource).");

    public static final ConfigOption<Map<String, String>> CAPACITY_QUANTA =
            key("capacity.quanta")
                    .mapType()
                    .noDefaultValue()
                    .withDescription(
                            "Granularity of cut grants per pool and resource (pool/resource:quantum,"
                                    + " e.g. batch/cpu:1): a grant the arbiter cuts is"
                                    + " rounded down to a multiple of it, so backends that round"
                                    + " up stay within capacity. Not listed: continuous. A"
                                    + " quantum may not exceed its pool's capacity.limits; each"
                                    + " resource must be one the job allocates.");

    public static final ConfigOption<Double> CAPACITY_SHADOW_DECAY =
            key("capacity.shadow-decay")
                    .doubleType()
                    .defaultValue(0.8)
                    .withDescription(
                            "Factor per step by which a pool's shadow (pre-warmed, unassigned)"
                                    + " capacity is released when the increase it was kept for is"
                                    + " predicted no more before it takes effect (the grants that"
                                    + " take effect displace it), in [0, 1); 0.8 halves it in about"
                                    + " 3 steps.");

    public static final ConfigOption<Boolean> CAPACITY_SHADOW_COMMANDS =
            key("capacity.shadow-commands")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Actuate the shadow capacity of each pool with a capacity.limits"
                                    + " entry (an unlimited pool keeps none): commands to the"
                                    + " pseudo-entity shadow:<pool> (PREWARM when it grows, RELEASE when it"
                                    + " shrinks, by at least capacity.shadow-min-change, rounded"
                                    + " down to capacity.quanta, and RENEW of its"
                                    + " size every half allocation.lease while it holds) so a"
                                    + " backend keeps it running unassigned; false only records it"
                                    + " in the pool measurement.");

    public static final ConfigOption<Double> CAPACITY_SHADOW_MIN_CHANGE =
            key("capacity.shadow-min-change")
                    .doubleType()
                    .defaultValue(ShadowSettings.DEFAULT_MIN_CHANGE)
                    .withDescription(
                            "Smallest change of a pool's shadow that is commanded, as a share of"
                                    + " the pool's capacity.limits entry, in [0, 1]: a shadow is"
                                    + " pre-warmed once it reaches this share, and follows its"
                                    + " decay and rises in steps of at least as much, or of half"
                                    + " the shadow in force when that is less; its release to 0"
                                    + " (the shadow under 1 % of the pool's grants, or the pool"
                                    + " idle), and a shrink that the pool's grants force, are"
                                    + " commanded however small. The pool measurement's shadow is"
                                    + " what is commanded. 0 commands every change of 3 % of the"
                                    + " shadow and more.");

    public static final ConfigOption<Duration> CAPACITY_STATE_TTL =
            key("capacity.state-ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "How long (event time) the arbiter keeps an entity whose grant"
                                    + " lapsed and that sent nothing since, with its command"
                                    + " version; keep it at least actuator.version-ttl so versions"
                                    + " stay monotonic. Above 0.");

    public static final ConfigOption<String> ALLOCATION_RESOURCES =
            key("allocation.resources")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Resources and their demand metrics as resource:metric:unit, comma"
                                    + " separated (e.g. cpu:cpu_pct:pct,memory:mem_pct:pct); one"
                                    + " policy state per entity and resource. Unset: the one"
                                    + " resource allocation.resource, from allocation.demand-metric,"
                                    + " in allocation.unit.");

    public static final ConfigOption<String> ALLOCATION_POOL =
            key("allocation.pool")
                    .stringType()
                    .defaultValue("default")
                    .withDescription(
                            "Capacity pool an entity's requests draw from unless an override"
                                    + " names another.");

    public static final ConfigOption<Integer> ALLOCATION_TIER =
            key("allocation.tier")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "Priority tier of an entity without an override, 0 the highest.");

    public static final ConfigOption<Map<String, String>> ALLOCATION_TIERS =
            key("allocation.tiers")
                    .mapType()
                    .noDefaultValue()
                    .withDescription(
                            "Static priority tiers of listed entities, as entity:tier pairs (0 the"
                                    + " highest, served first when a pool is short); an entity's"
                                    + " own override on the config topic replaces it, a tenant's"
                                    + " does not. Entities not listed get their tenant override's"
                                    + " tier, else allocation.tier.");

    public static final ConfigOption<Duration> SESSION_INACTIVITY_TIMEOUT =
            key("session.inactivity-timeout")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "A session without any window for this long (event time) ends: every"
                                    + " resource is released to 0 (SESSION_END, below a min floor"
                                    + " too), the class profile learns from it and its state is"
                                    + " cleared. At least one window.");

    public static final ConfigOption<String> SESSION_CLASS_PATTERN =
            key("session.class-pattern")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Regular expression over the entity name whose first group is the"
                                    + " session's class (e.g. ^([a-z]+)-); a new session starts"
                                    + " from its class profile. Unset: the tenant is the class.");

    public static final ConfigOption<Integer> SESSION_RECLASS_STEPS =
            key("session.reclass-steps")
                    .intType()
                    .defaultValue(6)
                    .withDescription(
                            "Windows in a row another resource must have the highest demand over"
                                    + " allocation before a session's bottleneck moves and a"
                                    + " RECLASS command is sent.");

    public static final ConfigOption<Double> SESSION_RECLASS_MIN_PRESSURE =
            key("session.reclass-min-pressure")
                    .doubleType()
                    .defaultValue(0.5)
                    .withDescription(
                            "Demand over allocation below which no resource counts as a"
                                    + " session's bottleneck.");

    public static final ConfigOption<String> TOPIC_FEEDBACK =
            key("topics.feedback")
                    .stringType()
                    .defaultValue(Topics.FEEDBACK)
                    .withDescription(
                            "Topic of client feedback: demand hints and ratings of forecasts.");

    public static final ConfigOption<String> TOPIC_CONFIG =
            key("topics.config")
                    .stringType()
                    .defaultValue(Topics.CONFIG)
                    .withDescription(
                            "Compacted topic of per-entity and per-tenant (key tenant:<id>) policy"
                                    + " overrides; read from the beginning, invalid ones are"
                                    + " dead-lettered.");

    public static final ConfigOption<String> TOPIC_ALERTS =
            key("topics.alerts")
                    .stringType()
                    .defaultValue(Topics.ALERTS)
                    .withDescription("Topic of anomaly alerts.");

    public static final ConfigOption<Double> ALERT_RAISE_ABOVE =
            key("alerts.raise-above")
                    .doubleType()
                    .defaultValue(0.95)
                    .withDescription(
                            "An anomaly score at or above this raises an alert, in (0, 1].");

    public static final ConfigOption<Double> ALERT_CLEAR_BELOW =
            key("alerts.clear-below")
                    .doubleType()
                    .defaultValue(0.6)
                    .withDescription(
                            "A raised series clears once its score falls below this"
                                    + " (hysteresis), in [0, alerts.raise-above].");

    public static final ConfigOption<Double> ALERT_CRITICAL_ABOVE =
            key("alerts.critical-above")
                    .doubleType()
                    .defaultValue(0.99)
                    .withDescription(
                            "An alert scoring at least this is CRITICAL, else WARNING; in"
                                    + " [alerts.raise-above, 1] (equal: every alert CRITICAL).");

    public static final ConfigOption<Duration> ALERT_SUPPRESSION =
            key("alerts.suppression")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(30))
                    .withDescription(
                            "No second alert of the same kind for an entity within this much"
                                    + " event time, unless it escalates: a CRITICAL is suppressed"
                                    + " only by a CRITICAL.");

    public static final ConfigOption<Duration> ALERT_STATE_TTL =
            key("alerts.state-ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(1))
                    .withDescription(
                            "How long the alert state of a series (its hysteresis, and the"
                                    + " entity's last alerts that alerts.suppression compares"
                                    + " with) lives after its last update, in wall-clock time"
                                    + " (Flink's state TTL): a replay faster than real time keeps"
                                    + " it longer in event time, and a job stopped longer than it"
                                    + " restores without it. At least alerts.suppression.");

    public static final ConfigOption<Integer> FORECAST_HORIZONS =
            key("forecast.horizons")
                    .intType()
                    .defaultValue(12)
                    .withDescription(
                            "H: after every window each (entity, metric) puts out forecasts for"
                                    + " the next 1..H windows (1..64, at least"
                                    + " allocation.lead-steps).");

    public static final ConfigOption<String> FORECAST_OUTPUT_HORIZONS =
            key("forecast.output-horizons")
                    .stringType()
                    .defaultValue(OutputHorizons.ALL)
                    .withDescription(
                            "Horizons whose forecasts are written to prescale.forecasts and"
                                    + " InfluxDB's forecast measurement: 'all', or a comma-separated"
                                    + " list within 1..forecast.horizons (e.g. '2', the policy's"
                                    + " lead). The policy, accuracy and ratings use every horizon"
                                    + " whatever it says; at many keys the twelve horizons are most"
                                    + " of what the job writes (README, \"Many entities\").");

    public static final ConfigOption<String> FORECAST_QUANTILES =
            key("forecast.quantiles")
                    .stringType()
                    .defaultValue("0.5,0.9,0.95,0.99")
                    .withDescription(
                            "Quantile levels put out with every forecast, comma-separated and"
                                    + " strictly increasing within [0.5, 0.999] (InfluxDB fields"
                                    + " q<level>). Accuracy is scored at 0.5, 0.9, 0.95 and 0.99"
                                    + " whatever this says.");

    public static final ConfigOption<WindowStatistic> FORECAST_STATISTIC =
            key("forecast.window-statistic")
                    .enumType(WindowStatistic.class)
                    .defaultValue(WindowStatistic.MAX)
                    .withDescription(
                            "The window statistic each series' forecaster learns, forecasts and"
                                    + " scores, and the detectors score: MAX (the window's peak,"
                                    + " what the allocation policy and the backtest take as"
                                    + " demand), MEAN, P95 or COUNT.");

    public static final ConfigOption<Duration> FORECAST_STATE_TTL =
            key("forecast.state-ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(1))
                    .withDescription(
                            "A series' forecasting and detection state is dropped after this"
                                    + " much event time without a window (an event-time timer,"
                                    + " one per series). Above 0.");

    public static final ConfigOption<Duration> LEDGER_TTL =
            key("ledger.ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "How long the ledger keeps an entity's lines (what was commanded"
                                    + " and applied, per resource) after its last command or"
                                    + " actuation result, in processing time. Above 0.");

    public static final ConfigOption<Integer> FEEDBACK_REMEMBERED_FORECASTS =
            key("feedback.remembered-forecasts")
                    .intType()
                    .defaultValue(36)
                    .withDescription(
                            "Steps of one-step forecasts remembered per (entity, metric), 2 bytes"
                                    + " each (16-bit floats), so that a rating can be recorded against the forecast"
                                    + " it rates: a rating may name a forecast issued at most this"
                                    + " many windows ago (36: three hours of 5-minute windows). At"
                                    + " least 1.");

    /** The options naming the jobs' topics (declared after them: static fields start in order). */
    public static final List<ConfigOption<String>> TOPICS =
            List.of(
                    TOPIC_METRICS,
                    TOPIC_FEEDBACK,
                    TOPIC_CONFIG,
                    TOPIC_ACTUATIONS,
                    TOPIC_COMMANDS,
                    TOPIC_ALERTS,
                    TOPIC_WINDOWS,
                    TOPIC_FORECASTS,
                    TOPIC_DEADLETTER);

    private JobOptions() {}

    /** All options declared here, for validation of config keys and the README table. */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field f : JobOptions.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
                try {
                    options.add((ConfigOption<?>) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return options;
    }
}
