package io.prescale.connectors.actuator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configuration of the {@link KubernetesBackend}; also its factory on the task manager, where the
 * client is configured the usual fabric8 way (kubeconfig, in-cluster service account, env), its own
 * retries off: the actuator's {@code actuator.retries} are the one layer of retries (fabric8's ten
 * within each of the actuator's four attempts held a command for 100 s against a server that was
 * down, a tester's finding).
 *
 * @param namespace where the workloads live
 * @param entityLabelKey label whose value is the entity, e.g. {@code prescale.io/entity}
 * @param shadowLabelKey label whose value is the pool of a placeholder workload that holds the
 *     pool's shadow capacity (the entity {@code shadow:<pool>}), e.g. {@code
 *     prescale.io/shadow-pool}
 */
public record KubernetesConfig(String namespace, String entityLabelKey, String shadowLabelKey)
        implements ActuatorBackend.Factory {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesConfig.class);

    public static final String DEFAULT_LABEL_KEY = "prescale.io/entity";
    public static final String DEFAULT_SHADOW_LABEL_KEY = "prescale.io/shadow-pool";

    /**
     * A label key: an optional DNS-subdomain prefix (at most 253 characters) and {@code /}, then a
     * name of 1 to 63 letters, digits, '-', '_' or '.', a letter or digit at each end.
     */
    private static final Pattern LABEL_KEY =
            Pattern.compile(
                    "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                            + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    public KubernetesConfig {
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException("namespace must not be blank");
        }
        requireLabelKey("entityLabelKey", entityLabelKey);
        requireLabelKey("shadowLabelKey", shadowLabelKey);
    }

    private static void requireLabelKey(String what, String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        int slash = key.indexOf('/');
        if (!LABEL_KEY.matcher(key).matches() || slash > 253) {
            throw new IllegalArgumentException(
                    what
                            + " '"
                            + key
                            + "' is not a Kubernetes label key (an optional DNS prefix and '/',"
                            + " then 1 to 63 letters, digits, '-', '_' or '.', a letter or digit at"
                            + " each end), so no workload can carry it");
        }
    }

    /**
     * The client's configuration, read the fabric8 way; its own retries off.
     *
     * @throws IllegalArgumentException naming {@code KUBECONFIG} (or {@code ~/.kube/config}) when
     *     the file cannot be read: a kubeconfig that was not YAML failed every start of the
     *     actuator's task, restarted for ever, naming neither the file nor the variable (a tester's
     *     finding); {@code prescale actuate} and {@code ActuatorJob}'s main check it before the job
     *     is submitted
     */
    public static Config clientConfig() {
        Config client;
        try {
            client = Config.autoConfigure(null);
        } catch (RuntimeException e) {
            String property = System.getProperty("kubeconfig");
            String env = System.getenv("KUBECONFIG");
            throw new IllegalArgumentException(
                    "the kubernetes client's configuration ("
                            + (property != null
                                    ? "-Dkubeconfig=" + property
                                    : env != null ? "KUBECONFIG=" + env : "~/.kube/config")
                            + ") cannot be read: "
                            + e.getMessage(),
                    e);
        }
        client.setRequestRetryBackoffLimit(0);
        return client;
    }

    @Override
    public ActuatorBackend create() {
        Config client = clientConfig();
        // which server, from where: a missing kubeconfig fell back to the in-cluster default, and
        // every command failed after minutes, naming neither (a tester's finding)
        String env = System.getenv("KUBECONFIG");
        String from =
                client.getFile() != null
                        ? "kubeconfig " + client.getFile()
                        : (env == null
                                        ? "no kubeconfig (KUBECONFIG, ~/.kube/config)"
                                        : "no kubeconfig: KUBECONFIG=" + env + " names no file")
                                + ": the in-cluster account or the kubernetes.* system properties";
        LOG.info(
                "kubernetes backend: API server {} ({}), namespace {} (actuator.kubernetes.namespace;"
                        + " a kubeconfig context's namespace is not used)",
                client.getMasterUrl(),
                from,
                namespace);
        return new KubernetesBackend(
                this, new KubernetesClientBuilder().withConfig(client).build());
    }
}
