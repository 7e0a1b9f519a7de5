package io.prescale.cli.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalInfluxdTest {

    private static final int HTTP_PORT = 18086;
    private static final int RPC_PORT = 18088;

    @TempDir Path tmp;

    @Test
    void missingBinaryTellsHowToInstallIt() {
        Path nowhere = tmp.resolve("bin/influxd");

        assertThatThrownBy(() -> LocalInfluxd.locateBinary(tmp.toString(), nowhere))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apt-get install influxdb")
                .hasMessageContaining("PRESCALE_INFLUX_URL")
                .hasMessageContaining(nowhere.toString());
    }

    @Test
    void binaryOnPathWinsOverFallback() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bin"));
        Path binary = executable(dir.resolve("influxd"));
        Path fallback = executable(tmp.resolve("fallback-influxd"));

        assertThat(LocalInfluxd.locateBinary("/nonexistent:" + dir, fallback)).isEqualTo(binary);
        assertThat(LocalInfluxd.locateBinary("/nonexistent", fallback)).isEqualTo(fallback);
    }

    @Test
    void configBindsLoopbackAndKeepsStateInWorkDir() {
        String config = LocalInfluxd.renderConfig(tmp, HTTP_PORT, RPC_PORT);

        assertThat(config)
                .contains("reporting-disabled = true")
                .contains("bind-address = \"127.0.0.1:" + RPC_PORT + "\"")
                .contains("bind-address = \"127.0.0.1:" + HTTP_PORT + "\"")
                .contains("dir = \"" + tmp.resolve("meta") + "\"")
                .contains("dir = \"" + tmp.resolve("data") + "\"")
                .contains("wal-dir = \"" + tmp.resolve("wal") + "\"")
                .doesNotContain("0.0.0.0");
    }

    private static Path executable(Path path) throws IOException {
        Files.writeString(path, "#!/bin/sh\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }
}
