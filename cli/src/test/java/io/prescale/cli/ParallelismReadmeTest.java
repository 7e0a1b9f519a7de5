package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README gives each local job command's --parallelism default as the command has it. */
class ParallelismReadmeTest {

    @Test
    void theReadmeSaysEachCommandsDefaultParallelism() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md")).replaceAll("\\s+", " ");
        assertThat(readme)
                .contains(
                        "`--parallelism N` (task slots; "
                                + parallelism(RunCommand.class)
                                + " for `run` and "
                                + parallelism(ActuateCommand.class)
                                + " for `actuate` unless given)");
    }

    private static String parallelism(Class<?> command) {
        return new CommandLine(command).getCommandSpec().findOption("--parallelism").defaultValue();
    }
}
