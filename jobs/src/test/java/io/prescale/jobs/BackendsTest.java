package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.connectors.actuator.KubernetesConfig;
import io.prescale.connectors.actuator.WebhookConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend's settings as both the actuator job's main and {@code prescale actuate} check them
 * ({@link ActuatorJob#fromConfig}), before the job is built.
 */
class BackendsTest {
    @TempDir Path dir;

    private static Configuration processPool(Path stateDir) {
        Configuration conf = new Configuration();
        conf.set(JobOptions.ACTUATOR_BACKEND, "process-pool");
        conf.set(JobOptions.PROCESS_POOL_STATE_DIR, stateDir.toString());
        return conf;
    }

    /** Under a regular file, which no user can create a directory in, root included. */
    @Test
    void aStateDirectoryThatCannotBeCreatedStopsTheStartNamingTheOptionAndWhatFailed()
            throws Exception {
        Path file = Files.createFile(dir.resolve("file"));
        Path stateDir = file.resolve("sub");

        assertThatThrownBy(() -> ActuatorJob.fromConfig(processPool(stateDir)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("actuator.process-pool.state-dir")
                .hasMessageContaining(stateDir.toString())
                .hasMessageContaining(file + " is a file, not a directory");
    }

    @Test
    void aStateDirectoryThatCanBeCreatedIsCreatedAtStart() {
        Path stateDir = dir.resolve("workers");

        assertThat(Backends.fromConfig(processPool(stateDir))).isNotNull();
        assertThat(stateDir).isDirectory();
    }

    /**
     * As the enum options: {@code Process-Pool} was refused as "must be log, process-pool, ...".
     */
    @Test
    void theBackendNameTakesAnyCase() {
        Configuration conf = processPool(dir.resolve("workers"));
        conf.set(JobOptions.ACTUATOR_BACKEND, " Process-Pool");

        assertThat(Backends.fromConfig(conf).create().name()).isEqualTo("process-pool");
        conf.set(JobOptions.ACTUATOR_BACKEND, "pool");
        assertThatThrownBy(() -> Backends.fromConfig(conf))
                .hasMessage(
                        "actuator.backend must be log, process-pool, webhook or kubernetes, was"
                                + " 'pool'");
    }

    private static Configuration webhook() {
        Configuration conf = new Configuration();
        conf.set(JobOptions.ACTUATOR_BACKEND, "webhook");
        conf.set(JobOptions.WEBHOOK_URL, "http://127.0.0.1:28777/apply");
        conf.set(JobOptions.WEBHOOK_SECRET, "s3cret");
        return conf;
    }

    /** They were fixed at 2 s and 10 s. */
    @Test
    void theWebhookTimeoutsAreTheOptions() {
        Configuration conf = webhook();
        conf.setString("actuator.webhook.connect-timeout", "500 ms");
        conf.setString("actuator.webhook.read-timeout", "3 s");

        assertThat(Backends.webhook(conf))
                .extracting(WebhookConfig::connectTimeout, WebhookConfig::readTimeout)
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(3));
        assertThat(Backends.webhook(webhook()))
                .extracting(WebhookConfig::connectTimeout, WebhookConfig::readTimeout)
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    @Test
    void aWebhookTimeoutOfZeroIsNamedWithItsOption() {
        for (ConfigOption<Duration> option :
                List.of(JobOptions.WEBHOOK_CONNECT_TIMEOUT, JobOptions.WEBHOOK_READ_TIMEOUT)) {
            Configuration conf = webhook();
            conf.set(option, Duration.ZERO);

            assertThatThrownBy(() -> ActuatorJob.fromConfig(conf))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(option.key() + " must be above 0, was 0 ms");
        }
    }

    @Test
    void aWebhookUrlThatIsNotAnAbsoluteHttpUrlIsNamedWithItsOption() {
        for (String url : List.of("notaurl", "ftp://example.com/x", "http://", "http:/scale")) {
            Configuration conf = webhook();
            conf.set(JobOptions.WEBHOOK_URL, url);

            assertThatThrownBy(() -> ActuatorJob.fromConfig(conf))
                    .as(url)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(
                            "actuator.webhook.url must be an absolute http or https URL")
                    .hasMessageContaining("was '" + url + "'");
        }
    }

    /** A pool's placeholder would be taken for the workload of an entity named like the pool. */
    @Test
    void aShadowLabelThatIsTheEntityLabelStopsTheStartNamingBothOptions() throws Exception {
        Configuration conf = new Configuration();
        conf.set(JobOptions.ACTUATOR_BACKEND, "kubernetes");
        conf.set(JobOptions.KUBERNETES_SHADOW_LABEL, "prescale.io/entity");

        assertThatThrownBy(() -> ActuatorJob.fromConfig(conf))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "actuator.kubernetes.shadow-label must differ from"
                                + " actuator.kubernetes.entity-label, both were"
                                + " 'prescale.io/entity'");
        conf.set(JobOptions.KUBERNETES_SHADOW_LABEL, "prescale.io/shadow-pool");
        assertThat(Backends.fromConfig(conf))
                .isEqualTo(
                        new KubernetesConfig(
                                "default", "prescale.io/entity", "prescale.io/shadow-pool"));
        // a kubeconfig that is not YAML restarted the actuator's task for ever (a tester's)
        java.nio.file.Path bad = java.nio.file.Files.createTempFile("kubeconfig", ".yaml");
        java.nio.file.Files.writeString(bad, "apiVersion: v1\nkind: Config\nclusters: [[[\n");
        System.setProperty("kubeconfig", bad.toString());
        try {
            assertThatThrownBy(() -> ActuatorJob.fromConfig(conf))
                    .hasMessageStartingWith(
                            "the kubernetes client's configuration (-Dkubeconfig="
                                    + bad
                                    + ")"
                                    + " cannot be read: ");
        } finally {
            System.clearProperty("kubeconfig");
            java.nio.file.Files.delete(bad);
        }
        // no workload can carry it: every command was refused by the server (a tester's)
        conf.set(JobOptions.KUBERNETES_LABEL, "bad label!");
        assertThatThrownBy(() -> ActuatorJob.fromConfig(conf))
                .hasMessageStartingWith(
                        "actuator.kubernetes.entity-label 'bad label!' is not a Kubernetes label"
                                + " key");
    }
}
