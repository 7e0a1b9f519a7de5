package io.prescale.cli;

import io.prescale.jobs.CheckpointPaths;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.streaming.api.graph.StreamGraphHasherV2;

/**
 * Where a local job ({@code prescale run}, {@code actuate}) resumes: the newest complete checkpoint
 * that an earlier run of the same command left in its checkpoint directory. Flink writes a job's
 * checkpoints to {@code <dir>/<job id>/chk-<n>/} and a checkpoint is complete once its {@code
 * _metadata} file is there; a run killed while it wrote one leaves a {@code chk-<n>} without it,
 * which is skipped, and so is one whose metadata Flink cannot read. The newest is the one whose
 * {@code _metadata} was written last (of one job, the highest n): checkpoint numbers go on across
 * resumed runs but start again after {@code --fresh}.
 */
final class ResumePoint {
    /** A Flink job id: 32 hexadecimal digits. */
    private static final Pattern JOB_DIR = Pattern.compile("[0-9a-f]{32}");

    private static final Pattern CHECKPOINT_DIR = Pattern.compile("chk-(\\d+)");

    private ResumePoint() {}

    /**
     * The newest complete checkpoint under {@code dir} whose metadata Flink can read, if any (none
     * when {@code dir} does not exist); each newer one that cannot be read (a run killed while it
     * wrote it, a damaged file) is passed to {@code skipped} with the reason.
     */
    static Optional<Path> newest(Path dir, Consumer<String> skipped) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<Path> complete;
        try (Stream<Path> jobs = Files.list(dir)) {
            complete =
                    jobs.filter(ResumePoint::isJobDir)
                            .flatMap(ResumePoint::checkpoints)
                            .filter(ResumePoint::hasMetadata)
                            .sorted(
                                    Comparator.comparing(ResumePoint::written)
                                            .thenComparingLong(ResumePoint::number)
                                            .reversed())
                            .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path chk : complete) {
            String problem = unreadable(chk);
            if (problem == null) {
                return Optional.of(chk);
            }
            skipped.accept(chk + ": its metadata cannot be read (" + problem + ")");
        }
        return Optional.empty();
    }

    /** Whether the job directory {@code job} holds a complete checkpoint. */
    static boolean hasComplete(Path job) throws IOException {
        if (!Files.isDirectory(job)) {
            return false;
        }
        try {
            return checkpoints(job).anyMatch(ResumePoint::hasMetadata);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean hasMetadata(Path chk) {
        return Files.isRegularFile(chk.resolve("_metadata"));
    }

    /**
     * Whether the checkpoint {@code chk} holds an operator of uid {@code uid} (its metadata read as
     * Flink reads it; false when it cannot be read).
     */
    static boolean holdsOperator(Path chk, String uid) {
        OperatorID id = operatorId(uid);
        try {
            return metadata(chk).getOperatorStates().stream()
                    .anyMatch(o -> o.getOperatorID().equals(id));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The id Flink gives the operator of uid {@code uid}. */
    static OperatorID operatorId(String uid) {
        return new OperatorID(StreamGraphHasherV2.generateUserSpecifiedHash(uid));
    }

    /** Why Flink cannot read the checkpoint's metadata, or null when it can. */
    private static String unreadable(Path chk) {
        try {
            metadata(chk);
            return null;
        } catch (IOException | RuntimeException e) {
            return e.toString();
        }
    }

    /** The checkpoint's metadata, read as Flink reads it. */
    private static CheckpointMetadata metadata(Path chk) throws IOException {
        try (DataInputStream in =
                new DataInputStream(
                        new BufferedInputStream(Files.newInputStream(chk.resolve("_metadata"))))) {
            return Checkpoints.loadCheckpointMetadata(
                    in, ResumePoint.class.getClassLoader(), CheckpointPaths.uri(chk));
        }
    }

    /**
     * Deletes every job's checkpoints under {@code dir} but those of the job directory {@code keep}
     * (all when it is empty); returns how many jobs' directories went. Only directories named as
     * Flink names a job's are touched.
     */
    static int pruneOthers(Path dir, Optional<Path> keep) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        Optional<Path> kept = keep.map(job -> job.toAbsolutePath().normalize());
        List<Path> others;
        try (Stream<Path> jobs = Files.list(dir)) {
            others =
                    jobs.filter(ResumePoint::isJobDir)
                            .filter(
                                    job ->
                                            !kept.equals(
                                                    Optional.of(job.toAbsolutePath().normalize())))
                            .toList();
        }
        for (Path job : others) {
            deleteTree(job);
        }
        return others.size();
    }

    private static boolean isJobDir(Path p) {
        return Files.isDirectory(p) && JOB_DIR.matcher(p.getFileName().toString()).matches();
    }

    private static Stream<Path> checkpoints(Path job) {
        try {
            // listed eagerly: the stream of a directory must be closed
            try (Stream<Path> entries = Files.list(job)) {
                return entries
                        .filter(p -> CHECKPOINT_DIR.matcher(name(p)).matches())
                        .toList()
                        .stream();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime written(Path chk) {
        try {
            return Files.getLastModifiedTime(chk.resolve("_metadata"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long number(Path chk) {
        Matcher m = CHECKPOINT_DIR.matcher(name(chk));
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }

    /** Deletes {@code root} and all under it; nothing when it does not exist. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
