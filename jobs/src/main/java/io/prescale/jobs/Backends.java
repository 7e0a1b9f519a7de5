package io.prescale.jobs;

import io.prescale.connectors.Urls;
import io.prescale.connectors.actuator.ActuatorBackend;
import io.prescale.connectors.actuator.KubernetesConfig;
import io.prescale.connectors.actuator.LogBackend;
import io.prescale.connectors.actuator.ProcessPoolConfig;
import io.prescale.connectors.actuator.WebhookConfig;
import io.prescale.model.Decimals;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;

/** The actuator backend named by {@code actuator.backend}, configured from its options. */
final class Backends {
    private Backends() {}

    /** The backends {@code actuator.backend} may name. */
    private static final List<String> NAMES =
            List.of("log", "process-pool", "webhook", "kubernetes");

    /**
     * Checks every {@code actuator.*} option, those of the backends not chosen too, so that a bad
     * value is refused whichever backend runs and before a command is applied.
     *
     * @throws IllegalArgumentException naming the option (or options) and the value
     */
    static void check(Configuration conf) {
        String name = name(conf);
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException(
                    JobOptions.ACTUATOR_BACKEND.key()
                            + " must be log, process-pool, webhook or kubernetes, was '"
                            + conf.get(JobOptions.ACTUATOR_BACKEND)
                            + "'");
        }
        CommandLineSplitter.split(
                JobOptions.PROCESS_POOL_COMMAND.key(), conf.get(JobOptions.PROCESS_POOL_COMMAND));
        JobConfig.atLeast(conf, JobOptions.PROCESS_POOL_MAX, 1);
        OptionRanges.notNegative(conf, JobOptions.PROCESS_POOL_GRACE);
        resourceAndUnit(conf);
        double amount = conf.get(JobOptions.PROCESS_POOL_AMOUNT_PER_WORKER);
        if (!(amount > 0) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException(
                    JobOptions.PROCESS_POOL_AMOUNT_PER_WORKER.key()
                            + " must be finite and > 0, was "
                            + Decimals.plain(amount));
        }
        OptionRanges.nonBlank(conf, JobOptions.PROCESS_POOL_STATE_DIR);
        OptionRanges.notNegative(conf, JobOptions.PROCESS_POOL_START_CHECK);
        conf.getOptional(JobOptions.WEBHOOK_URL).ifPresent(Backends::webhookUrl);
        OptionRanges.nonBlank(conf, JobOptions.WEBHOOK_SECRET);
        JobConfig.positive(conf, JobOptions.WEBHOOK_CONNECT_TIMEOUT);
        JobConfig.positive(conf, JobOptions.WEBHOOK_READ_TIMEOUT);
        kubernetes(conf);
        JobConfig.atLeast(conf, JobOptions.ACTUATOR_RETRIES, 0);
        Duration initial = JobConfig.positive(conf, JobOptions.ACTUATOR_INITIAL_BACKOFF);
        Duration max = conf.get(JobOptions.ACTUATOR_MAX_BACKOFF);
        if (max.compareTo(initial) < 0) {
            throw OptionRanges.belowOther(
                    JobOptions.ACTUATOR_MAX_BACKOFF,
                    TimeUtils.formatWithHighestUnit(max),
                    JobOptions.ACTUATOR_INITIAL_BACKOFF,
                    TimeUtils.formatWithHighestUnit(initial));
        }
        JobConfig.positive(conf, JobOptions.ACTUATOR_VERSION_TTL);
    }

    /** The backend {@code actuator.backend} names, its options {@link #check checked}. */
    static ActuatorBackend.Factory fromConfig(Configuration conf) {
        check(conf);
        return switch (name(conf)) {
            case "process-pool" -> processPool(conf);
            case "webhook" -> webhook(conf);
            case "kubernetes" -> kubernetes(conf);
            default -> LogBackend::new;
        };
    }

    /**
     * The process-pool backend's settings, its state directory created now so that one that cannot
     * be used stops the start naming the option.
     */
    static ProcessPoolConfig processPool(Configuration conf) {
        String[] resource = resourceAndUnit(conf);
        ProcessPoolConfig config =
                JobConfig.named(
                        "actuator.process-pool",
                        () ->
                                new ProcessPoolConfig(
                                        CommandLineSplitter.split(
                                                JobOptions.PROCESS_POOL_COMMAND.key(),
                                                conf.get(JobOptions.PROCESS_POOL_COMMAND)),
                                        conf.get(JobOptions.PROCESS_POOL_MAX),
                                        conf.get(JobOptions.PROCESS_POOL_GRACE),
                                        resource[0],
                                        resource[1],
                                        conf.get(JobOptions.PROCESS_POOL_AMOUNT_PER_WORKER),
                                        conf.get(JobOptions.PROCESS_POOL_STATE_DIR),
                                        conf.get(JobOptions.PROCESS_POOL_START_CHECK)));
        config.checkStateDir();
        return config;
    }

    /** The resource and the unit of {@code actuator.process-pool.resource}, trimmed. */
    private static String[] resourceAndUnit(Configuration conf) {
        String resource = conf.get(JobOptions.PROCESS_POOL_RESOURCE);
        String[] parts = resource.split(":", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException(
                    JobOptions.PROCESS_POOL_RESOURCE.key()
                            + " must be resource:unit (e.g. replicas:replicas or cpu:pct), was '"
                            + resource
                            + "'");
        }
        return new String[] {parts[0].trim(), parts[1].trim()};
    }

    /** The kubernetes backend's settings; its shadow label other than its entity label. */
    static KubernetesConfig kubernetes(Configuration conf) {
        String namespace = OptionRanges.nonBlank(conf, JobOptions.KUBERNETES_NAMESPACE);
        String entityLabel = OptionRanges.nonBlank(conf, JobOptions.KUBERNETES_LABEL);
        String shadowLabel = OptionRanges.nonBlank(conf, JobOptions.KUBERNETES_SHADOW_LABEL);
        if (shadowLabel.equals(entityLabel)) {
            throw new IllegalArgumentException(
                    JobOptions.KUBERNETES_SHADOW_LABEL.key()
                            + " must differ from "
                            + JobOptions.KUBERNETES_LABEL.key()
                            + ", both were '"
                            + shadowLabel
                            + "': a pool's placeholder workload would be taken for the workload"
                            + " of an entity named like the pool");
        }
        try {
            KubernetesConfig k = new KubernetesConfig(namespace, entityLabel, shadowLabel);
            KubernetesConfig.clientConfig(); // a kubeconfig that cannot be read stops the start
            return k;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    e.getMessage()
                            .replace("entityLabelKey", JobOptions.KUBERNETES_LABEL.key())
                            .replace("shadowLabelKey", JobOptions.KUBERNETES_SHADOW_LABEL.key()),
                    e);
        }
    }

    /**
     * The webhook backend's settings; its URL absolute, http or https, with a host, and its
     * timeouts positive.
     */
    static WebhookConfig webhook(Configuration conf) {
        String url = required(conf, JobOptions.WEBHOOK_URL.key(), conf.get(JobOptions.WEBHOOK_URL));
        String secret =
                required(
                        conf, JobOptions.WEBHOOK_SECRET.key(), conf.get(JobOptions.WEBHOOK_SECRET));
        return new WebhookConfig(
                webhookUrl(url),
                secret,
                JobConfig.positive(conf, JobOptions.WEBHOOK_CONNECT_TIMEOUT),
                JobConfig.positive(conf, JobOptions.WEBHOOK_READ_TIMEOUT));
    }

    /** {@code actuator.webhook.url}: absolute, http or https, with a host. */
    /** {@code actuator.backend} in lower case, as the enum options take any case. */
    private static String name(Configuration conf) {
        return conf.get(JobOptions.ACTUATOR_BACKEND).strip().toLowerCase(Locale.ROOT);
    }

    private static URI webhookUrl(String given) {
        return Urls.requireHttp(JobOptions.WEBHOOK_URL.key(), given, "http://127.0.0.1:8080/scale");
    }

    private static String required(Configuration conf, String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    key + " is required by actuator.backend " + name(conf));
        }
        return value;
    }
}
