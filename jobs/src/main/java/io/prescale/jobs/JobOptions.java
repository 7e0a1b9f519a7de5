package io.prescale.jobs;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.prescale.connectors.kafka.Topics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
                    .withDescription("Tumbling event-time window per (entity, metric).");

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
                                    + " watermark.");

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
            key("parser.max-payload-bytes")
                    .intType()
                    .defaultValue(1 << 20)
                    .withDescription("Records larger than this are dead-lettered.");

    public static final ConfigOption<Duration> MAX_PAST_SKEW =
            key("parser.max-past-skew")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "Samples older than this (against the wall clock) are dead-lettered;"
                                    + " 0 turns the check off (replays of old traces).");

    public static final ConfigOption<Duration> MAX_FUTURE_SKEW =
            key("parser.max-future-skew")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "Samples further in the future than this are dead-lettered; 0 turns"
                                    + " the check off.");

    public static final ConfigOption<String> INFLUX_URL =
            key("influx.url")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "InfluxDB v1 HTTP API, e.g. http://127.0.0.1:8086; unset writes"
                                    + " nothing to InfluxDB.");

    public static final ConfigOption<String> INFLUX_DATABASE =
            key("influx.database")
                    .stringType()
                    .defaultValue("prescale")
                    .withDescription("InfluxDB database (created when missing).");

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
                    .defaultValue(64)
                    .withDescription("Buckets for entities past influx.max-entity-tags.");

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
                            "Wait before the first retry of an InfluxDB write; doubled per retry.");

    public static final ConfigOption<Integer> INFLUX_MAX_BUFFERED_POINTS =
            key("influx.max-buffered-points")
                    .intType()
                    .defaultValue(100_000)
                    .withDescription(
                            "Points each InfluxDB sink subtask keeps while InfluxDB is down; beyond"
                                    + " it the oldest are dropped, counted (influxPointsDropped) and"
                                    + " logged.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            key("checkpoint.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("Interval of Flink checkpoints (and InfluxDB flushes).");

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
                            "Share of steps an entity may be under-provisioned, in (0, 0.5]; the"
                                    + " policy's per-entity feedback holds each entity to it.");

    public static final ConfigOption<Integer> LEAD_STEPS =
            key("allocation.lead-steps")
                    .intType()
                    .defaultValue(2)
                    .withDescription(
                            "Actuation delay L in windows: a decision made at the end of window s"
                                    + " is for window s + L.");

    public static final ConfigOption<Duration> LEASE =
            key("allocation.lease")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(15))
                    .withDescription("How long a commanded allocation holds unless renewed.");

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
                                    + " {entity} and {index} are replaced per worker.");

    public static final ConfigOption<Integer> PROCESS_POOL_MAX =
            key("actuator.process-pool.max-processes")
                    .intType()
                    .defaultValue(64)
                    .withDescription("Most worker processes the process-pool backend runs in all.");

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

    public static final ConfigOption<String> WEBHOOK_URL =
            key("actuator.webhook.url")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("URL the webhook backend POSTs each command to.");

    public static final ConfigOption<String> WEBHOOK_SECRET =
            key("actuator.webhook.secret")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Shared secret of the webhook's X-Prescale-Signature HMAC-SHA256"
                                    + " header.");

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

    public static final ConfigOption<Integer> ACTUATOR_RETRIES =
            key("actuator.retries")
                    .intType()
                    .defaultValue(3)
                    .withDescription("Retries of a transient backend failure before FAILED.");

    public static final ConfigOption<Duration> ACTUATOR_INITIAL_BACKOFF =
            key("actuator.initial-backoff")
                    .durationType()
                    .defaultValue(Duration.ofMillis(200))
                    .withDescription("Wait before the first retry; doubled per retry.");

    public static final ConfigOption<Duration> ACTUATOR_MAX_BACKOFF =
            key("actuator.max-backoff")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("Longest wait between retries.");

    public static final ConfigOption<Duration> ACTUATOR_VERSION_TTL =
            key("actuator.version-ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "How long the newest applied version of an (entity, resource) is"
                                    + " remembered after its last command.");

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
