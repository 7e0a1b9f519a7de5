package io.prescale.connectors.actuator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.prescale.model.ScaleCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

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
 * <p>A pool's shadow entity ({@link ScaleCommand#SHADOW_PREFIX}{@code <pool>}, its pre-warmed
 * capacity), whose name no label value can hold (':' is not allowed), is applied the same way to
 * the placeholder workload labelled {@code <shadowLabelKey>=<pool>}: the usual over-provisioning
 * "balloon" of low-priority pause pods, which the scheduler evicts when real pods need the room. A
 * pool name that is no valid label value is a rejection saying so.
 *
 * <p>No workload, or more than one, is a rejection naming the entity and the label expected; API
 * errors with a 4xx code are rejections but 409 and 429, which are transient as any other ({@link
 * #failed}). Tested only against the fabric8 mock server in CRUD mode, because no Kubernetes API
 * server can run on the build machines.
 */
public final class KubernetesBackend implements ActuatorBackend {
    /** The unit of each resource applied; cpu and memory are also the pod template's keys. */
    private static final Map<String, String> UNITS =
            Map.of("replicas", "replicas", "cpu", "millicores", "memory", "bytes");

    private static final String REPLICAS = "replicas";

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
        checkResource(c);
        long amount = (long) Math.ceil(c.targetAmount());
        try {
            Target<?> t = workloadOf(c.entity());
            if (c.resource().equals(REPLICAS)) {
                if (amount > Integer.MAX_VALUE) {
                    throw new RejectedCommandException(
                            "replicas " + amount + " is more than a workload takes (2^31 - 1)");
                }
                t.resource().scale((int) amount);
            } else {
                String q = c.resource().equals("cpu") ? amount + "m" : Long.toString(amount);
                t.patchResources(c.resource(), new Quantity(q));
            }
            return new BackendResponse(amount, t.kind() + " " + t.name() + " " + c.resource());
        } catch (KubernetesClientException e) {
            Exception failure = failed(e);
            if (failure instanceof RejectedCommandException rejected) {
                throw rejected;
            }
            throw (TransientBackendException) failure;
        }
    }

    /**
     * What an API error means. A conflict (409: the workload changed between the read and the
     * patch, as a rollout's status writes do) and too many requests (429) are transient, retried;
     * any other 4xx is a rejection, said by the server's reason and message (the client's whole
     * dump buried them); no answer names the API server and the cause (a missing kubeconfig had the
     * client try the in-cluster default, and the detail named neither), and a timeout is not
     * retried, as the webhook's is not: each try of a server that hangs holds up every entity's
     * commands.
     */
    Exception failed(KubernetesClientException e) {
        int code = e.getCode();
        if (code == 409 || code == 429) {
            return new TransientBackendException(
                    "kubernetes: HTTP " + code + ": " + serverSays(e) + "; retried", e);
        }
        if (code >= 400 && code < 500) {
            return new RejectedCommandException("kubernetes: HTTP " + code + ": " + serverSays(e));
        }
        if (code > 0) {
            return new TransientBackendException(
                    "kubernetes: HTTP " + code + ": " + serverSays(e), e);
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String why =
                "kubernetes: no answer from the API server "
                        + client.getMasterUrl()
                        + " ("
                        + root.getClass().getSimpleName()
                        + (root.getMessage() == null ? "" : ": " + root.getMessage())
                        + ")";
        boolean timeout =
                root instanceof java.util.concurrent.TimeoutException
                        || root instanceof java.net.SocketTimeoutException
                        || String.valueOf(e.getMessage()).contains("timeout period");
        return timeout
                ? TransientBackendException.notRetried(
                        why
                                + "; not retried: each try of a server that hangs holds up the"
                                + " commands of every entity",
                        e)
                : new TransientBackendException(why, e);
    }

    /** The server's reason and message for an error, else the client's first sentence. */
    private static String serverSays(KubernetesClientException e) {
        Status s = e.getStatus();
        if (s != null && s.getMessage() != null && !s.getMessage().isBlank()) {
            return (s.getReason() == null ? "" : s.getReason() + ": ") + s.getMessage();
        }
        String m = String.valueOf(e.getMessage());
        int received = m.indexOf(" Received status");
        return received > 0 ? m.substring(0, received) : m;
    }

    /**
     * Replicas from the workload's spec; cpu (millicores) or memory (bytes) when every container
     * requests the same amount; 0 when no workload carries the entity's label (for a shadow entity,
     * its pool's); empty when more than one does, a container requests none or another amount, the
     * resource is not one of the three, or the pool is no label value.
     */
    @Override
    public OptionalDouble inForce(String entity, String resource) {
        if (!UNITS.containsKey(resource)) {
            return OptionalDouble.empty();
        }
        Label label = labelOf(entity);
        if (label.invalid() != null) {
            return OptionalDouble.empty();
        }
        List<Target<?>> found = workloads(label);
        if (found.size() != 1) {
            return found.isEmpty() ? OptionalDouble.of(0) : OptionalDouble.empty();
        }
        return found.get(0).inForce(resource);
    }

    /** The one workload labelled with the entity; none or several is a rejection. */
    private Target<?> workloadOf(String entity) throws RejectedCommandException {
        Label label = labelOf(entity);
        if (label.invalid() != null) {
            throw new RejectedCommandException(label.invalid());
        }
        List<Target<?>> found = workloads(label);
        if (found.size() != 1) {
            throw new RejectedCommandException(
                    (found.isEmpty() ? "no" : found.size())
                            + " Deployment or StatefulSet with label "
                            + label
                            + " in namespace "
                            + config.namespace()
                            + " ("
                            + (label.key().equals(config.shadowLabelKey())
                                    ? "shadow entity '"
                                            + entity
                                            + "', the pool's pre-warmed capacity; exactly one"
                                            + " placeholder workload expected, e.g. a Deployment"
                                            + " of low-priority pause pods with that label)"
                                    : "entity '" + entity + "'; exactly one expected)"));
        }
        return found.get(0);
    }

    private List<Target<?>> workloads(Label label) {
        List<Target<?>> found = new ArrayList<>();
        find(client.apps().deployments(), "Deployment", Deployment.class, label, found);
        find(client.apps().statefulSets(), "StatefulSet", StatefulSet.class, label, found);
        return found;
    }

    /** A Kubernetes label value: at most 63 characters, alphanumeric at both ends. */
    private static final Pattern LABEL_VALUE =
            Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    /**
     * The label that marks the entity's workload: {@code <entityLabelKey>=<entity>}, or for a
     * pool's shadow entity {@code <shadowLabelKey>=<pool>}, invalid when the pool cannot be a label
     * value.
     */
    private Label labelOf(String entity) {
        String pool = ScaleCommand.shadowPool(entity);
        if (pool == null) {
            // checked here, as a pool is: the server's 400 was a dump of the client's exception
            return new Label(
                    config.entityLabelKey(),
                    entity,
                    LABEL_VALUE.matcher(entity).matches()
                            ? null
                            : "entity '"
                                    + entity
                                    + "' is not a valid Kubernetes label value (1 to 63 letters,"
                                    + " digits, '-', '_' or '.', a letter or digit at each end), so"
                                    + " no workload can carry "
                                    + config.entityLabelKey()
                                    + "="
                                    + entity);
        }
        boolean valid = !pool.isEmpty() && LABEL_VALUE.matcher(pool).matches();
        return new Label(
                config.shadowLabelKey(),
                pool,
                valid
                        ? null
                        : "shadow entity '"
                                + entity
                                + "': pool '"
                                + pool
                                + "' is not a valid Kubernetes label value (1 to 63 letters,"
                                + " digits, '-', '_' or '.', a letter or digit at each end), so"
                                + " no placeholder workload can carry "
                                + config.shadowLabelKey()
                                + "="
                                + pool
                                + "; name the pool so that it is one");
    }

    /** A label selector {@code key=value}; {@code invalid} says why none can match, else null. */
    private record Label(String key, String value, String invalid) {
        @Override
        public String toString() {
            return key + "=" + value;
        }
    }

    /** Rejects a resource the backend does not apply, or one in another unit. */
    private static void checkResource(ScaleCommand c) throws RejectedCommandException {
        String expectedUnit = UNITS.get(c.resource());
        if (expectedUnit == null) {
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
    }

    private <T extends HasMetadata, L extends KubernetesResourceList<T>> void find(
            MixedOperation<T, L, RollableScalableResource<T>> op,
            String kind,
            Class<T> type,
            Label label,
            List<Target<?>> out) {
        Function<T, PodTemplateSpec> template =
                type == Deployment.class
                        ? w -> ((Deployment) w).getSpec().getTemplate()
                        : w -> ((StatefulSet) w).getSpec().getTemplate();
        Function<T, Integer> replicas =
                type == Deployment.class
                        ? w -> ((Deployment) w).getSpec().getReplicas()
                        : w -> ((StatefulSet) w).getSpec().getReplicas();
        for (T w :
                op.inNamespace(config.namespace())
                        .withLabel(label.key(), label.value())
                        .list()
                        .getItems()) {
            String name = w.getMetadata().getName();
            out.add(
                    new Target<>(
                            kind,
                            name,
                            op.inNamespace(config.namespace()).withName(name),
                            template,
                            replicas));
        }
    }

    private record Target<T extends HasMetadata>(
            String kind,
            String name,
            RollableScalableResource<T> resource,
            Function<T, PodTemplateSpec> template,
            Function<T, Integer> replicas) {

        /** See {@link KubernetesBackend#inForce}. */
        OptionalDouble inForce(String resourceName) {
            T w = resource.get();
            if (w == null) {
                return OptionalDouble.of(0);
            }
            if (resourceName.equals(REPLICAS)) {
                Integer n = replicas.apply(w);
                return OptionalDouble.of(n == null ? 1 : n); // the API server's default
            }
            Set<Double> amounts = new HashSet<>();
            for (Container ct : template.apply(w).getSpec().getContainers()) {
                ResourceRequirements r = ct.getResources();
                Quantity q =
                        r == null || r.getRequests() == null
                                ? null
                                : r.getRequests().get(resourceName);
                if (q == null) {
                    return OptionalDouble.empty();
                }
                double a = q.getNumericalAmount().doubleValue();
                amounts.add(resourceName.equals("cpu") ? a * 1000 : a);
            }
            return amounts.size() == 1
                    ? OptionalDouble.of(amounts.iterator().next())
                    : OptionalDouble.empty();
        }

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
