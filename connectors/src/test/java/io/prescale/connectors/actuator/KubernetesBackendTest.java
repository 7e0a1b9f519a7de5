package io.prescale.connectors.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract, plus the Kubernetes specifics, against the fabric8 mock API server in CRUD mode.
 * This is a MOCK: no Kubernetes API server can run on the build machines, so these tests show that
 * the backend sends the right reads, scales and patches, not that a real cluster accepts them.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesBackendTest extends ActuatorBackendContractTest {
    private static final String NS = "prescale-test";
    private static final String LABEL = KubernetesConfig.DEFAULT_LABEL_KEY;
    private static final String SHADOW_LABEL = KubernetesConfig.DEFAULT_SHADOW_LABEL_KEY;

    KubernetesClient client;
    private KubernetesClient backendClient;

    @Override
    protected ActuatorBackend createBackend(String entity) {
        client.apps()
                .deployments()
                .inNamespace(NS)
                .resource(deployment(entity + "-deploy", entity))
                .create();
        // The backend closes its client; give it its own so the injected one survives.
        backendClient = new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
        return new KubernetesBackend(new KubernetesConfig(NS, LABEL, SHADOW_LABEL), backendClient);
    }

    @Override
    protected double observed(String entity) {
        return client.apps()
                .deployments()
                .inNamespace(NS)
                .withName(entity + "-deploy")
                .get()
                .getSpec()
                .getReplicas();
    }

    /** Someone scales the workload by hand, back to 1. */
    @Override
    protected void loseState(String entity) {
        client.apps().deployments().inNamespace(NS).withName(entity + "-deploy").scale(1);
    }

    @Override
    protected void assertReleased(String entity) {
        // The backend holds no cluster resources of its own, only its client connection.
        assertThatThrownBy(() -> backendClient.apps().deployments().inNamespace(NS).list())
                .isInstanceOf(Exception.class);
    }

    private static Deployment deployment(String name, String entity) {
        return deployment(name, LABEL, entity);
    }

    private static Deployment deployment(String name, String labelKey, String labelValue) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .withLabels(Map.of(labelKey, labelValue))
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("app", name))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("main")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    @Test
    void statefulSetIsScaledThroughTheLabelMapping() throws Exception {
        String e = entity + "-sts";
        client.apps()
                .statefulSets()
                .inNamespace(NS)
                .resource(
                        new StatefulSetBuilder()
                                .withNewMetadata()
                                .withName(e)
                                .withNamespace(NS)
                                .withLabels(Map.of(LABEL, e))
                                .endMetadata()
                                .withNewSpec()
                                .withReplicas(1)
                                .withNewTemplate()
                                .withNewSpec()
                                .addNewContainer()
                                .withName("main")
                                .withImage("busybox")
                                .endContainer()
                                .endSpec()
                                .endTemplate()
                                .endSpec()
                                .build())
                .create();
        backend.apply(command(e, ScaleAction.SCALE_UP, 4));

        StatefulSet sts = client.apps().statefulSets().inNamespace(NS).withName(e).get();
        assertThat(sts.getSpec().getReplicas()).isEqualTo(4);
    }

    @Test
    void cpuAndMemoryPatchRequestsAndLimitsInPlace() throws Exception {
        backend.apply(command(ScaleAction.SCALE_UP, 1499.2, "cpu", "millicores"));
        backend.apply(command(ScaleAction.SCALE_UP, 268435456, "memory", "bytes"));

        var r =
                client.apps()
                        .deployments()
                        .inNamespace(NS)
                        .withName(entity + "-deploy")
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getResources();
        assertThat(r.getRequests()).containsEntry("cpu", new Quantity("1500m"));
        assertThat(r.getLimits()).containsEntry("cpu", new Quantity("1500m"));
        assertThat(r.getRequests()).containsEntry("memory", new Quantity("268435456"));
        assertThat(r.getLimits()).containsEntry("memory", new Quantity("268435456"));
    }

    @Test
    void whatRunsIsReadFromTheWorkload() throws Exception {
        assertThat(backend.inForce(entity, "cpu")).as("no request set").isEmpty();
        backend.apply(command(ScaleAction.SCALE_UP, 1499.2, "cpu", "millicores"));
        backend.apply(command(ScaleAction.SCALE_UP, 268435456, "memory", "bytes"));
        client.apps().deployments().inNamespace(NS).withName(entity + "-deploy").scale(3);

        assertThat(backend.inForce(entity, "cpu")).hasValue(1500);
        assertThat(backend.inForce(entity, "memory")).hasValue(268435456);
        assertThat(backend.inForce(entity, "replicas")).as("scaled by hand").hasValue(3);
        assertThat(backend.inForce(entity, "gpu")).isEmpty();
        assertThat(backend.inForce("nobody", "replicas")).as("no workload").hasValue(0);
    }

    @Test
    void unknownEntityIsRejectedNamingTheLabel() {
        assertThatThrownBy(() -> backend.apply(command("nobody", ScaleAction.SCALE_UP, 2)))
                .isInstanceOf(RejectedCommandException.class)
                .hasMessageContaining(LABEL + "=nobody");
    }

    /**
     * A pool's shadow entity is applied to the pool's placeholder (balloon) workload, labelled
     * {@code prescale.io/shadow-pool=<pool>}: pre-warmed to 3, released to 1, its replicas read
     * back. The workload of an entity named like the pool is not touched. The backend sent the
     * label value {@code shadow:gpu}, which no workload can carry, and rejected every command.
     */
    @Test
    void aShadowEntityScalesItsPoolsPlaceholderWorkload() throws Exception {
        String pool = entity + "-pool";
        String shadow = ScaleCommand.SHADOW_PREFIX + pool;
        create(deployment(pool + "-balloon", SHADOW_LABEL, pool));
        create(deployment(pool + "-app", pool));

        backend.apply(command(shadow, ScaleAction.PREWARM, 3));
        assertThat(replicas(pool + "-balloon")).isEqualTo(3);
        BackendResponse released = backend.apply(command(shadow, ScaleAction.RELEASE, 1));

        assertThat(released.detail()).isEqualTo("Deployment " + pool + "-balloon replicas");
        assertThat(replicas(pool + "-balloon")).isEqualTo(1);
        assertThat(backend.inForce(shadow, "replicas")).hasValue(1);
        assertThat(replicas(pool + "-app")).as("the entity named like the pool").isEqualTo(1);
    }

    @Test
    void aShadowEntityWithoutAPlaceholderIsRejectedNamingTheLabelToCreate() {
        String shadow = ScaleCommand.SHADOW_PREFIX + "empty";

        assertThatThrownBy(() -> backend.apply(command(shadow, ScaleAction.PREWARM, 2)))
                .isInstanceOf(RejectedCommandException.class)
                .hasMessage(
                        "no Deployment or StatefulSet with label prescale.io/shadow-pool=empty in"
                                + " namespace "
                                + NS
                                + " (shadow entity 'shadow:empty', the pool's pre-warmed"
                                + " capacity; exactly one placeholder workload expected, e.g. a"
                                + " Deployment of low-priority pause pods with that label)");
        assertThat(backend.inForce(shadow, "replicas")).as("none runs").hasValue(0);
    }

    @Test
    void aShadowOfAPoolThatIsNoLabelValueIsRejectedSayingWhy() {
        String shadow = ScaleCommand.SHADOW_PREFIX + "gpu/a100";

        assertThatThrownBy(() -> backend.apply(command(shadow, ScaleAction.PREWARM, 2)))
                .isInstanceOf(RejectedCommandException.class)
                .hasMessageStartingWith(
                        "shadow entity 'shadow:gpu/a100': pool 'gpu/a100' is not a valid"
                                + " Kubernetes label value")
                .hasMessageContaining("prescale.io/shadow-pool=gpu/a100");
        assertThat(backend.inForce(shadow, "replicas")).as("unknown").isEmpty();
    }

    /**
     * The thirty-first tester's findings. An entity that is no label value is rejected here, saying
     * why (the server's 400 was a dump of the client's exception); a 4xx is said by the server's
     * reason and message; a conflict (409: the workload changed between the read and the patch) is
     * retried; a label key that no workload can carry stops the start.
     */
    @Test
    void anEntityThatIsNoLabelValueIsRejectedHereAndAServersErrorIsSaidShort() {
        assertThatThrownBy(() -> backend.apply(command("vm/ab+c=", ScaleAction.SCALE_UP, 2)))
                .isInstanceOf(RejectedCommandException.class)
                .hasMessageStartingWith(
                        "entity 'vm/ab+c=' is not a valid Kubernetes label value (1 to 63");
        KubernetesBackend k = (KubernetesBackend) backend;
        assertThat(k.failed(status(403, "Forbidden", "deployments is forbidden: User cannot list")))
                .isInstanceOf(RejectedCommandException.class)
                .hasMessage(
                        "kubernetes: HTTP 403: Forbidden: deployments is forbidden: User cannot"
                                + " list");
        assertThat(k.failed(status(409, "Conflict", "the object has been modified")))
                .isInstanceOfSatisfying(
                        TransientBackendException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("HTTP 409: Conflict: the object has been modified; retried");
        assertThatThrownBy(() -> new KubernetesConfig(NS, "bad label!", SHADOW_LABEL))
                .hasMessageStartingWith(
                        "entityLabelKey 'bad label!' is not a Kubernetes label key");
    }

    /**
     * A server that does not answer is named, with the cause, and retried by the actuator alone
     * (the client's own retries are off in the backend's factory): a missing kubeconfig's
     * in-cluster default failed every command after minutes, the detail naming neither.
     */
    @Test
    void aServerThatDoesNotAnswerIsNamedWithTheCause() {
        KubernetesClient nowhere =
                new KubernetesClientBuilder()
                        .withConfig(
                                new io.fabric8.kubernetes.client.ConfigBuilder()
                                        .withMasterUrl("http://127.0.0.1:1")
                                        .withRequestRetryBackoffLimit(0)
                                        .build())
                        .build();
        try (KubernetesBackend down =
                new KubernetesBackend(new KubernetesConfig(NS, LABEL, SHADOW_LABEL), nowhere)) {
            assertThatThrownBy(() -> down.apply(command(entity, ScaleAction.SCALE_UP, 2)))
                    .isInstanceOfSatisfying(
                            TransientBackendException.class,
                            e -> assertThat(e.retryable()).isTrue())
                    .hasMessageStartingWith(
                            "kubernetes: no answer from the API server http://127.0.0.1:1/ (");
        }
    }

    private static io.fabric8.kubernetes.client.KubernetesClientException status(
            int code, String reason, String message) {
        return new io.fabric8.kubernetes.client.KubernetesClientException(
                new io.fabric8.kubernetes.api.model.StatusBuilder()
                        .withCode(code)
                        .withReason(reason)
                        .withMessage(message)
                        .build());
    }

    private void create(Deployment d) {
        client.apps().deployments().inNamespace(NS).resource(d).create();
    }

    private int replicas(String deployment) {
        return client.apps()
                .deployments()
                .inNamespace(NS)
                .withName(deployment)
                .get()
                .getSpec()
                .getReplicas();
    }
}
