package io.prescale.connectors.actuator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.prescale.model.ScaleCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Function;

/**
 * Applies commands to the Deployment or StatefulSet labelled {@code <entityLabelKey>=<entity>}.
 *
 * <ul>
 *   <li>{@code replicas} (unit {@code replicas}): the scale subresource, to {@code
 *       ceil(targetAmount)}.
 *   <li>{@code cpu} (unit {@code millicores}) and {@code memory} (unit {@code bytes}): requests and
 *       limits of every container of the pod template, set to {@code ceil(targetAmount)}, in place.
 * </ul>
 *
 * <p>No workload, or more than one, is a rejection; API errors with a 4xx code are rejections, any
 * other is transient. Tested only against the fabric8 mock server in CRUD mode, because no
 * Kubernetes API server can run on the build machines.
 */
public final class KubernetesBackend implements ActuatorBackend {
    private final KubernetesConfig config;
    private final KubernetesClient client;

    public KubernetesBackend(KubernetesConfig config, KubernetesClient client) {
        this.config = config;
        this.client = client;
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public BackendResponse apply(ScaleCommand c)
            throws TransientBackendException, RejectedCommandException {
        String quantityKey = checkResource(c);
        long amount = (long) Math.ceil(c.targetAmount());
        try {
            List<Target<?>> found = new ArrayList<>();
            find(client.apps().deployments(), "Deployment", Deployment.class, c.entity(), found);
            find(client.apps().statefulSets(), "StatefulSet", StatefulSet.class, c.entity(), found);
            if (found.size() != 1) {
                throw new RejectedCommandException(
                        (found.isEmpty() ? "no" : found.size())
                                + " Deployment or StatefulSet with label "
                                + config.entityLabelKey()
                                + "="
                                + c.entity()
                                + " in namespace "
                                + config.namespace()
                                + " (entity '"
                                + c.entity()
                                + "'; exactly one expected)");
            }
            Target<?> t = found.get(0);
            if (quantityKey == null) {
                t.resource().scale(Math.toIntExact(amount));
            } else {
                String q = quantityKey.equals("cpu") ? amount + "m" : Long.toString(amount);
                t.patchResources(quantityKey, new Quantity(q));
            }
            return new BackendResponse(amount, t.kind() + " " + t.name() + " " + c.resource());
        } catch (KubernetesClientException e) {
            if (e.getCode() >= 400 && e.getCode() < 500) {
                throw new RejectedCommandException("kubernetes: HTTP " + e.getCode() + ": " + e);
            }
            throw new TransientBackendException("kubernetes: " + e.getMessage(), e);
        }
    }

    /** Returns the quantity key to patch, or null for the scale subresource. */
    private static String checkResource(ScaleCommand c) throws RejectedCommandException {
        String expectedUnit;
        String key;
        switch (c.resource()) {
            case "replicas" -> {
                expectedUnit = "replicas";
                key = null;
            }
            case "cpu" -> {
                expectedUnit = "millicores";
                key = "cpu";
            }
            case "memory" -> {
                expectedUnit = "bytes";
                key = "memory";
            }
            default ->
                    throw new RejectedCommandException(
                            "resource '"
                                    + c.resource()
                                    + "' is not supported by kubernetes (replicas, cpu, memory)");
        }
        if (!expectedUnit.equals(c.unit())) {
            throw new RejectedCommandException(
                    "unit '"
                            + c.unit()
                            + "' is wrong for resource '"
                            + c.resource()
                            + "' (expected '"
                            + expectedUnit
                            + "')");
        }
        return key;
    }

    private <T extends HasMetadata, L extends KubernetesResourceList<T>> void find(
            MixedOperation<T, L, RollableScalableResource<T>> op,
            String kind,
            Class<T> type,
            String entity,
            List<Target<?>> out) {
        Function<T, PodTemplateSpec> template =
                type == Deployment.class
                        ? w -> ((Deployment) w).getSpec().getTemplate()
                        : w -> ((StatefulSet) w).getSpec().getTemplate();
        for (T w :
                op.inNamespace(config.namespace())
                        .withLabel(config.entityLabelKey(), entity)
                        .list()
                        .getItems()) {
            String name = w.getMetadata().getName();
            out.add(
                    new Target<>(
                            kind,
                            name,
                            op.inNamespace(config.namespace()).withName(name),
                            template));
        }
    }

    private record Target<T extends HasMetadata>(
            String kind,
            String name,
            RollableScalableResource<T> resource,
            Function<T, PodTemplateSpec> template) {

        void patchResources(String key, Quantity value) {
            resource.edit(
                    w -> {
                        for (Container ct : template.apply(w).getSpec().getContainers()) {
                            ResourceRequirements r = ct.getResources();
                            if (r == null) {
                                r = new ResourceRequirements();
                                ct.setResources(r);
                            }
                            if (r.getRequests() == null) {
                                r.setRequests(new HashMap<>());
                            }
                            if (r.getLimits() == null) {
                                r.setLimits(new HashMap<>());
                            }
                            r.getRequests().put(key, value);
                            r.getLimits().put(key, value);
                        }
                        return w;
                    });
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
