package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumePointTest {
    private static final String JOB_A = "0123456789abcdef0123456789abcdef";
    private static final String JOB_B = "fedcba9876543210fedcba9876543210";
    private static final Instant EARLIER = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant LATER = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir Path dir;

    private final List<String> skipped = new ArrayList<>();

    @Test
    void nothingToResumeFromAnEmptyOrMissingDirectory() throws IOException {
        assertThat(ResumePoint.newest(dir, skipped::add)).isEmpty();
        assertThat(ResumePoint.newest(dir.resolve("missing"), skipped::add)).isEmpty();
    }

    @Test
    void theNewestCompleteCheckpointOfAnyJobIsChosen() throws IOException {
        checkpoint(JOB_A, 7, LATER);
        checkpoint(JOB_B, 40, EARLIER);
        Files.createDirectories(dir.resolve(JOB_B).resolve("chk-41")); // being written when killed
        assertThat(ResumePoint.newest(dir, skipped::add))
                .contains(dir.resolve(JOB_A).resolve("chk-7"));
    }

    @Test
    void aCheckpointWhoseMetadataCannotBeReadIsSkippedAndSaid() throws IOException {
        checkpoint(JOB_A, 7, EARLIER);
        Path damaged = checkpoint(JOB_B, 40, LATER);
        Files.write(damaged.resolve("_metadata"), new byte[] {0x49, 0x60, 0x67});
        Files.setLastModifiedTime(damaged.resolve("_metadata"), FileTime.from(LATER));

        assertThat(ResumePoint.newest(dir, skipped::add))
                .contains(dir.resolve(JOB_A).resolve("chk-7"));
        assertThat(skipped).singleElement().asString().startsWith(damaged + ": its metadata");
    }

    @Test
    void aJobDirectoryWithoutACompleteCheckpointHasNone() throws IOException {
        Files.createDirectories(dir.resolve(JOB_A).resolve("chk-1"));
        assertThat(ResumePoint.hasComplete(dir.resolve(JOB_A))).isFalse();
        checkpoint(JOB_A, 2, LATER);
        assertThat(ResumePoint.hasComplete(dir.resolve(JOB_A))).isTrue();
    }

    @Test
    void ofOneJobTheHighestNumberWinsATie() throws IOException {
        checkpoint(JOB_A, 9, LATER);
        checkpoint(JOB_A, 10, LATER);
        assertThat(ResumePoint.newest(dir, skipped::add))
                .contains(dir.resolve(JOB_A).resolve("chk-10"));
    }

    @Test
    void directoriesNotNamedAsJobsAreNeitherReadNorDeleted() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("notes").resolve("chk-1"));
        Files.writeString(mine.resolve("_metadata"), "not a job's checkpoint");
        assertThat(ResumePoint.newest(dir, skipped::add)).isEmpty();
        assertThat(ResumePoint.pruneOthers(dir, Optional.empty())).isZero();
        assertThat(mine.resolve("_metadata")).exists();
    }

    @Test
    void pruningKeepsOnlyTheJobResumedFrom() throws IOException {
        Path keep = checkpoint(JOB_A, 7, LATER);
        checkpoint(JOB_B, 40, EARLIER);
        assertThat(ResumePoint.pruneOthers(dir, Optional.of(keep.getParent()))).isEqualTo(1);
        assertThat(keep.resolve("_metadata")).exists();
        assertThat(dir.resolve(JOB_B)).doesNotExist();
        assertThat(ResumePoint.pruneOthers(dir, Optional.empty())).isEqualTo(1);
        assertThat(dir.resolve(JOB_A)).doesNotExist();
    }

    private Path checkpoint(String job, int n, Instant written) throws IOException {
        Path chk = Files.createDirectories(dir.resolve(job).resolve("chk-" + n));
        Path metadata = chk.resolve("_metadata");
        try (OutputStream out = Files.newOutputStream(metadata)) {
            Checkpoints.storeCheckpointMetadata(
                    new CheckpointMetadata(n, List.of(), List.of()), out);
        }
        Files.setLastModifiedTime(metadata, FileTime.from(written));
        return chk;
    }
}
