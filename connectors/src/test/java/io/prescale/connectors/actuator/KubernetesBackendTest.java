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
        return new KubernetesBackend(new KubernetesConfig(NS, LABEL), backendClient);
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
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .withLabels(Map.of(LABEL, entity))
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
        var cmd = command(ScaleAction.SCALE_UP, 4);
        cmd =
                new io.prescale.model.ScaleCommand(
                        cmd.id(),
                        e,
                        cmd.resource(),
                        cmd.action(),
                        4,
                        cmd.unit(),
                        0,
                        cmd.version(),
                        "",
                        0.9,
                        1,
                        0.5,
                        0,
                        T0,
                        T0,
                        T0);

        backend.apply(cmd);

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
        var cmd = command(ScaleAction.SCALE_UP, 2);
        var unknown =
                new io.prescale.model.ScaleCommand(
                        cmd.id(),
                        "nobody",
                        cmd.resource(),
                        cmd.action(),
                        2,
                        cmd.unit(),
                        0,
                        cmd.version(),
                        "",
                        0.9,
                        1,
                        0.5,
                        0,
                        T0,
                        T0,
                        T0);

        assertThatThrownBy(() -> backend.apply(unknown))
                .isInstanceOf(RejectedCommandException.class)
                .hasMessageContaining(LABEL + "=nobody");
    }
}
