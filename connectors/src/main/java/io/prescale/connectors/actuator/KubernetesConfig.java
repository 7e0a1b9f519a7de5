package io.prescale.connectors.actuator;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Configuration of the {@link KubernetesBackend}; also its factory on the task manager, where the
 * client is configured the usual fabric8 way (kubeconfig, in-cluster service account, env).
 *
 * @param namespace where the workloads live
 * @param entityLabelKey label whose value is the entity, e.g. {@code prescale.io/entity}
 * @param shadowLabelKey label whose value is the pool of a placeholder workload that holds the
 *     pool's shadow capacity (the entity {@code shadow:<pool>}), e.g. {@code
 *     prescale.io/shadow-pool}
 */
public record KubernetesConfig(String namespace, String entityLabelKey, String shadowLabelKey)
        implements ActuatorBackend.Factory {

    public static final String DEFAULT_LABEL_KEY = "prescale.io/entity";
    public static final String DEFAULT_SHADOW_LABEL_KEY = "prescale.io/shadow-pool";

    public KubernetesConfig {
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException("namespace must not be blank");
        }
        if (entityLabelKey == null || entityLabelKey.isBlank()) {
            throw new IllegalArgumentException("entityLabelKey must not be blank");
        }
        if (shadowLabelKey == null || shadowLabelKey.isBlank()) {
            throw new IllegalArgumentException("shadowLabelKey must not be blank");
        }
    }

    @Override
    public ActuatorBackend create() {
        return new KubernetesBackend(this, new KubernetesClientBuilder().build());
    }
}
