package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void aWebhookUrlThatIsNotAnAbsoluteHttpUrlIsNamedWithItsOption() {
        for (String url : List.of("notaurl", "ftp://example.com/x", "http://", "http:/scale")) {
            Configuration conf = new Configuration();
            conf.set(JobOptions.ACTUATOR_BACKEND, "webhook");
            conf.set(JobOptions.WEBHOOK_URL, url);
            conf.set(JobOptions.WEBHOOK_SECRET, "s3cret");

            assertThatThrownBy(() -> ActuatorJob.fromConfig(conf))
                    .as(url)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(
                            "actuator.webhook.url must be an absolute http or https URL")
                    .hasMessageContaining("was '" + url + "'");
        }
    }
}
