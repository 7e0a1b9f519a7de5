package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {
    @TempDir Path dir;

    @Test
    void yamlThenOverridesInOrder() throws Exception {
        Path yaml = dir.resolve("job.yaml");
        Files.writeString(yaml, "window:\n  size: 10 min\nkafka.bootstrap-servers: a:1\n");
        Configuration conf =
                JobConfig.fromArgs("--config", yaml.toString(), "-Dkafka.bootstrap-servers=b:2");
        assertThat(conf.get(JobOptions.WINDOW_SIZE)).isEqualTo(Duration.ofMinutes(10));
        assertThat(conf.get(JobOptions.KAFKA_BOOTSTRAP)).isEqualTo("b:2");
    }

    @Test
    void namesUnknownKeysAndBadValues() {
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dwindow.sise=5m"))
                .hasMessageContaining("unknown option 'window.sise'")
                .hasMessageContaining("window.size");
        assertThatThrownBy(() -> JobConfig.fromArgs("--window.size", "often"))
                .hasMessageContaining("option 'window.size' has a bad value");
        assertThatThrownBy(() -> JobConfig.fromArgs("--window.size"))
                .hasMessageContaining("option --window.size needs a value");
        assertThatThrownBy(
                        () -> JobConfig.fromArgs("--config", dir.resolve("nope.yaml").toString()))
                .hasMessageContaining("does not exist");
    }

    @Test
    void zeroSkewTurnsTheCheckOff() {
        IngestSettings s = IngestSettings.from(JobConfig.fromArgs("-Dparser.max-past-skew=0"));
        assertThat(s.parser().maxPastSkew()).isNull();
        assertThatThrownBy(() -> IngestSettings.from(JobConfig.fromArgs("-Dwindow.size=0")))
                .hasMessageContaining("window.size must be positive");
    }

    @Test
    void boundedReplaysHaveNoIdleness() {
        assertThat(IngestSettings.from(JobConfig.fromArgs()).idleness())
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(IngestSettings.from(JobConfig.fromArgs("-Dkafka.bounded=true")).idleness())
                .isNull();
    }
}
