package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code infra/local.sh} refuses a port variable that is no port before it starts anything. */
class LocalScriptPortsTest {
    private static final Path SCRIPT = Path.of("..", "infra", "local.sh");

    /** The hundred-and-first tester's 110192 failed {@code up} half a minute later, unnamed. */
    @Test
    void aPortOutOfRangeIsNamed() throws IOException, InterruptedException {
        for (String bad : new String[] {"110192", "0", "abc", "08080"}) {
            ProcessBuilder b =
                    new ProcessBuilder("bash", SCRIPT.toString(), "status")
                            .redirectErrorStream(true);
            b.environment().put("PRESCALE_INFLUX_PORT", bad);
            Process p = b.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(bad).isEqualTo(2);
            assertThat(out)
                    .isEqualTo(
                            "local.sh: PRESCALE_INFLUX_PORT="
                                    + bad
                                    + " is not a port (1 to 65535)\n");
        }
    }
}
