package io.prescale.ml.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.ml.forecast.eval.EvalPoints;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sixty-fourth tester's killed and concurrent runs: whole files, one writer per directory. */
class OutputFilesTest {
    @TempDir Path dir;

    @Test
    void aFileIsReplacedWholeAndNoPartialIsLeft() throws Exception {
        Path file = dir.resolve("sub/summary.json");
        OutputFiles.writeString(file, "old");
        OutputFiles.writeString(file, "new");

        assertThat(file).hasContent("new");
        assertThat(OutputFiles.partial(file)).doesNotExist();
    }

    /** A --points run that fails half-way keeps the file before and deletes its partial rows. */
    @Test
    void pointsNotFinishedLeaveTheEarlierFileAndNoPartial() throws Exception {
        Path file = dir.resolve("p.csv");
        Files.writeString(file, "earlier run");
        try (EvalPoints points = EvalPoints.create(file)) {
            points.accept("vm", 0, "ewma", 1, 1, new double[] {1, 1, 1, 1, 1});
            assertThat(OutputFiles.partial(file)).exists();
        }
        assertThat(file).hasContent("earlier run");
        assertThat(OutputFiles.partial(file)).doesNotExist();

        try (EvalPoints points = EvalPoints.create(file)) {
            points.accept("vm", 0, "ewma", 1, 1, new double[] {1, 1, 1, 1, 1});
            points.finish();
        }
        assertThat(Files.readAllLines(file)).hasSize(2).first().isEqualTo(EvalPoints.HEADER);
    }

    @Test
    void aSecondWriterOfADirectoryIsRefusedNamingIt() throws Exception {
        Path out = dir.resolve("out");
        try (var held = OutputFiles.lockDirectory(out, "--out")) {
            assertThatThrownBy(() -> OutputFiles.lockDirectory(out, "--out"))
                    .isInstanceOf(UnsatisfiableOptionException.class)
                    .hasMessage(
                            "--out "
                                    + out
                                    + ": another prescale run is writing to it; wait for it to"
                                    + " finish or give another directory");
        }
        OutputFiles.lockDirectory(out, "--out").close();
    }
}
