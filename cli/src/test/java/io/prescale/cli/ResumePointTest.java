package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumePointTest {
    private static final String JOB_A = "0123456789abcdef0123456789abcdef";
    private static final String JOB_B = "fedcba9876543210fedcba9876543210";
    private static final Instant EARLIER = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant LATER = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir Path dir;

    @Test
    void nothingToResumeFromAnEmptyOrMissingDirectory() throws IOException {
        assertThat(ResumePoint.newest(dir)).isEmpty();
        assertThat(ResumePoint.newest(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void theNewestCompleteCheckpointOfAnyJobIsChosen() throws IOException {
        checkpoint(JOB_A, 7, LATER);
        checkpoint(JOB_B, 40, EARLIER);
        Files.createDirectories(dir.resolve(JOB_B).resolve("chk-41")); // being written when killed
        assertThat(ResumePoint.newest(dir)).contains(dir.resolve(JOB_A).resolve("chk-7"));
    }

    @Test
    void ofOneJobTheHighestNumberWinsATie() throws IOException {
        checkpoint(JOB_A, 9, LATER);
        checkpoint(JOB_A, 10, LATER);
        assertThat(ResumePoint.newest(dir)).contains(dir.resolve(JOB_A).resolve("chk-10"));
    }

    @Test
    void directoriesNotNamedAsJobsAreNeitherReadNorDeleted() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("notes").resolve("chk-1"));
        Files.writeString(mine.resolve("_metadata"), "not a checkpoint");
        assertThat(ResumePoint.newest(dir)).isEmpty();
        assertThat(ResumePoint.pruneOthers(dir, Optional.empty())).isZero();
        assertThat(mine.resolve("_metadata")).exists();
    }

    @Test
    void pruningKeepsOnlyTheJobResumedFrom() throws IOException {
        Path keep = checkpoint(JOB_A, 7, LATER);
        checkpoint(JOB_B, 40, EARLIER);
        assertThat(ResumePoint.pruneOthers(dir, Optional.of(keep))).isEqualTo(1);
        assertThat(keep.resolve("_metadata")).exists();
        assertThat(dir.resolve(JOB_B)).doesNotExist();
        assertThat(ResumePoint.pruneOthers(dir, Optional.empty())).isEqualTo(1);
        assertThat(dir.resolve(JOB_A)).doesNotExist();
    }

    private Path checkpoint(String job, int n, Instant written) throws IOException {
        Path chk = Files.createDirectories(dir.resolve(job).resolve("chk-" + n));
        Path metadata = Files.writeString(chk.resolve("_metadata"), "metadata");
        Files.setLastModifiedTime(metadata, FileTime.from(written));
        return chk;
    }
}
