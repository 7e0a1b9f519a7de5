package io.prescale.jobs;

import io.prescale.connectors.actuator.ActuatorBackend;
import io.prescale.connectors.actuator.KubernetesConfig;
import io.prescale.connectors.actuator.LogBackend;
import io.prescale.connectors.actuator.ProcessPoolConfig;
import io.prescale.connectors.actuator.WebhookConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;

/** The actuator backend named by {@code actuator.backend}, configured from its options. */
final class Backends {
    private Backends() {}

    static ActuatorBackend.Factory fromConfig(Configuration conf) {
        String name = conf.get(JobOptions.ACTUATOR_BACKEND);
        return switch (name) {
            case "log" -> LogBackend::new;
            case "process-pool" -> processPool(conf);
            case "webhook" -> webhook(conf);
            case "kubernetes" -> kubernetes(conf);
            default ->
                    throw new IllegalArgumentException(
                            "actuator.backend must be log, process-pool, webhook or kubernetes, was '"
                                    + name
                                    + "'");
        };
    }

    /**
     * The process-pool backend's settings, its state directory created now so that one that cannot
     * be used stops the start naming the option.
     */
    static ProcessPoolConfig processPool(Configuration conf) {
        String resource = conf.get(JobOptions.PROCESS_POOL_RESOURCE);
        String[] parts = resource.split(":", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException(
                    JobOptions.PROCESS_POOL_RESOURCE.key()
                            + " must be resource:unit (e.g. replicas:replicas or cpu:pct), was '"
                            + resource
                            + "'");
        }
        ProcessPoolConfig config;
        try {
            config =
                    new ProcessPoolConfig(
                            CommandLineSplitter.split(
                                    JobOptions.PROCESS_POOL_COMMAND.key(),
                                    conf.get(JobOptions.PROCESS_POOL_COMMAND)),
                            conf.get(JobOptions.PROCESS_POOL_MAX),
                            conf.get(JobOptions.PROCESS_POOL_GRACE),
                            parts[0].trim(),
                            parts[1].trim(),
                            conf.get(JobOptions.PROCESS_POOL_AMOUNT_PER_WORKER),
                            conf.get(JobOptions.PROCESS_POOL_STATE_DIR),
                            conf.get(JobOptions.PROCESS_POOL_START_CHECK));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("actuator.process-pool: " + e.getMessage(), e);
        }
        config.checkStateDir();
        return config;
    }

    /** The kubernetes backend's settings; its shadow label other than its entity label. */
    static KubernetesConfig kubernetes(Configuration conf) {
        String entityLabel = conf.get(JobOptions.KUBERNETES_LABEL);
        String shadowLabel = conf.get(JobOptions.KUBERNETES_SHADOW_LABEL);
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
        return new KubernetesConfig(
                conf.get(JobOptions.KUBERNETES_NAMESPACE), entityLabel, shadowLabel);
    }

    /**
     * The webhook backend's settings; its URL absolute, http or https, with a host, and its
     * timeouts positive.
     */
    static WebhookConfig webhook(Configuration conf) {
        String key = JobOptions.WEBHOOK_URL.key();
        String url = required(conf, key, conf.get(JobOptions.WEBHOOK_URL)).trim();
        String secret =
                required(
                        conf, JobOptions.WEBHOOK_SECRET.key(), conf.get(JobOptions.WEBHOOK_SECRET));
        Duration connect = JobConfig.positive(conf, JobOptions.WEBHOOK_CONNECT_TIMEOUT);
        Duration read = JobConfig.positive(conf, JobOptions.WEBHOOK_READ_TIMEOUT);
        try {
            return new WebhookConfig(new URI(url), secret, connect, read);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    key
                            + " must be an absolute http or https URL with a host, e.g."
                            + " http://127.0.0.1:8080/scale, was '"
                            + url
                            + "'"
                            + (e instanceof URISyntaxException u
                                    ? " (" + u.getMessage() + ")"
                                    : ""),
                    e);
        }
    }

    private static String required(Configuration conf, String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    key
                            + " is required by actuator.backend "
                            + conf.get(JobOptions.ACTUATOR_BACKEND));
        }
        return value;
    }
}
