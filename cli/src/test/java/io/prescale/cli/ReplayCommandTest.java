package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prescale replay}'s options are checked before it asks the broker anything. */
class ReplayCommandTest {
    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void aMissingTraceIsAUsageError() {
        assertThat(CliRun.run(out, err, "replay", "--trace", dir.resolve("nope.csv").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--trace " + dir.resolve("nope.csv") + ": no such");
    }

    /** {@code prescale replay --trace T MORE...} of an empty trace. */
    private int replay(String... more) throws IOException {
        Path trace = Files.writeString(dir.resolve("t.csv"), "timestamp,entity,metric,value\n");
        List<String> args = new ArrayList<>(List.of("replay", "--trace", trace.toString()));
        args.addAll(List.of(more));
        return CliRun.run(out, err, args.toArray(String[]::new));
    }

    @Test
    void aNegativeEntityCountIsAUsageError() throws IOException {
        assertThat(replay("--entities", "-1", "--bootstrap", "127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).contains("--entities must be >= 0, was -1");
    }

    @Test
    void aBootstrapAddressTheClientRefusesIsAUsageError() throws IOException {
        assertThat(replay("--bootstrap", "nohost")).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("--bootstrap nohost cannot be used: Invalid url in bootstrap.servers:")
                .contains("Usage: prescale replay");
    }
}
