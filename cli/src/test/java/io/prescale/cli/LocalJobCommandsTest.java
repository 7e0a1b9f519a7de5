package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prescale run} and {@code prescale actuate} hand their job options to the jobs' own reader:
 * each case below fails in the job's validation, before any service is contacted, with a message
 * that could only come from the option having reached it.
 */
class LocalJobCommandsTest {
    @TempDir Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CliRun.run(new StringWriter(), err, args);
    }

    @Test
    void runReadsDashDOptions() {
        assertThat(run("run", "-Dwindow.sise=5m")).isEqualTo(1);
        assertThat(err.toString()).startsWith("prescale run: ").contains("window.sise");
    }

    @Test
    void runReadsKeyValueOptionsAndTheirValues() {
        assertThat(run("run", "--parallelism", "1", "--allocation.target-violation", "2"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("allocation").contains("2");
    }

    @Test
    void runReadsAConfigFile() throws Exception {
        Path yaml = dir.resolve("job.yaml");
        Files.writeString(yaml, "window.size: [5m\n");
        assertThat(run("run", "--config", yaml.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("job.yaml is not valid YAML");
        err.getBuffer().setLength(0);
        assertThat(run("run", "--config", dir.resolve("none.yaml").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("none.yaml does not exist");
    }

    @Test
    void actuateReadsItsOptions() {
        assertThat(run("actuate", "-Dactuator.backend=teleport")).isEqualTo(1);
        assertThat(err.toString()).startsWith("prescale actuate: ").contains("teleport");
    }

    @Test
    void parallelismMustBePositive() {
        assertThat(run("run", "--parallelism", "0")).isEqualTo(1);
        assertThat(err.toString()).contains("--parallelism must be >= 1, was 0");
    }
}
