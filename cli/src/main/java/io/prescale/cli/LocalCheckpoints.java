package io.prescale.cli;

import io.prescale.jobs.CheckpointPaths;
import io.prescale.jobs.PredictiveScalingJob;
import io.prescale.ml.trace.OutputFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.runtime.state.BackendBuildingException;
import org.apache.flink.util.ExceptionUtils;
import org.apache.flink.util.SerializedThrowable;
import org.apache.flink.util.StateMigrationException;

/**
 * A local job's checkpoint directory while it runs ({@code prescale run}, {@code actuate}):
 *
 * <ul>
 *   <li>held by one run at a time: a lock on {@code <dir>/.lock}, so a second run in the same
 *       directory stops at start-up instead of resuming from, or deleting, a live run's
 *       checkpoints;
 *   <li>the checkpoint the run resumes from ({@link ResumePoint#newest}; skipped ones are said);
 *   <li>older runs' checkpoints deleted only once this run has completed a checkpoint of its own,
 *       and only in prescale's default directory, so a run that fails to start loses nothing;
 *   <li>a restore that cannot work (state written under other settings: {@link
 *       StateMigrationException} before this run's first checkpoint, or state of an operator the
 *       job does not have, such as a source of another topic: {@link
 *       io.prescale.jobs.KafkaWiring#sourceUid}, or the commands sink of a run with actuation on:
 *       {@link UnclaimedState}) named as such, instead of restarting for ever or failing with
 *       Flink's words.
 * </ul>
 */
final class LocalCheckpoints implements AutoCloseable {
    /** What Flink says of a checkpoint's state for an operator (uid) the job does not have. */
    private static final String UNCLAIMED_STATE = "because the operator is not available";

    /**
     * The file in a job's checkpoint directory that names the state backend its checkpoints were
     * written with: a checkpoint restores only into that one (Flink's savepoints go either way).
     */
    static final String BACKEND_FILE = "prescale-state-backend";

    /**
     * The file in a job's checkpoint directory that says whether it read Kafka bounded ({@code
     * kafka.bounded}): the Kafka source keeps each partition's stopping offset in its checkpoints
     * (none when unbounded), and a run resumed from them reads to those, whatever its own option.
     */
    static final String BOUNDED_FILE = "prescale-kafka-bounded";

    /** What {@link #writtenWith} says of a checkpoint of a run before the backend was noted. */
    private static final String UNKNOWN_BACKEND = "unknown";

    private final Path dir;
    private final boolean prune;
    private final Optional<Path> resume;
    private final FileChannel lockFile;
    private final String backend;
    private final boolean bounded;
    private final boolean dropSinkState;
    private boolean ownCheckpoint;

    /** The directory of this run's own checkpoints, once it started. */
    private Path ownDir;

    /** A checkpoint that cannot be restored into the job: stopping is better than restarting. */
    static final class UnrestorableException extends IllegalStateException {
        UnrestorableException(String message) {
            super(message);
        }
    }

    private LocalCheckpoints(
            Path dir,
            boolean prune,
            Optional<Path> resume,
            FileChannel lockFile,
            String backend,
            boolean bounded,
            boolean dropSinkState) {
        this.dir = dir;
        this.prune = prune;
        this.resume = resume;
        this.lockFile = lockFile;
        this.backend = backend;
        this.bounded = bounded;
        this.dropSinkState = dropSinkState;
    }

    /**
     * Locks {@code dir} and chooses what to resume from (nothing when {@code fresh}).
     *
     * @param prune whether older runs' checkpoints in {@code dir} are deleted (prescale's default
     *     directory only)
     * @param backend the state backend this run uses, {@code hashmap} or {@code rocksdb}
     * @param bounded whether this run reads Kafka bounded ({@code kafka.bounded})
     * @throws IllegalStateException when another run holds the directory, or it cannot be created
     *     or written, or the checkpoint to resume from was written with another state backend, or
     *     by a bounded run while this one is not (its partitions would stop where that one's were
     *     to)
     */
    static LocalCheckpoints open(
            String command,
            Path dir,
            boolean fresh,
            boolean prune,
            String backend,
            boolean bounded,
            PrintStream err)
            throws IOException {
        FileChannel lockFile = lockFile(dir);
        if (!OutputFiles.tryLock(lockFile)) {
            lockFile.close();
            throw new IllegalStateException(
                    "another prescale "
                            + command
                            + " is running with the checkpoint directory "
                            + dir
                            + ": stop it first, or run this one from another working directory or"
                            + " with its own -Dexecution.checkpointing.dir");
        }
        Optional<Path> resume =
                fresh
                        ? Optional.empty()
                        : ResumePoint.newest(
                                dir,
                                skipped ->
                                        err.println(
                                                "prescale "
                                                        + command
                                                        + ": skips the checkpoint "
                                                        + skipped));
        String writtenWith = resume.map(LocalCheckpoints::writtenWith).orElse(backend);
        if (!writtenWith.equals(backend) && !writtenWith.equals(UNKNOWN_BACKEND)) {
            lockFile.close();
            throw new IllegalStateException(
                    "the checkpoint "
                            + resume.get()
                            + " was written with the state backend "
                            + writtenWith
                            + ", and this run's is "
                            + backend
                            + ": a checkpoint restores only into the backend it was written with."
                            + " Run with -Dstate.backend.type="
                            + writtenWith
                            + ", or --fresh to start without it (to keep the state across the"
                            + " change, run the job on a cluster and go through a savepoint:"
                            + " README, \"State backend\")");
        }
        Optional<Boolean> readBounded = resume.flatMap(LocalCheckpoints::readBounded);
        if (readBounded.orElse(false)) {
            // its partitions keep that run's stopping offsets: read unbounded, nothing past them;
            // bounded, a tester's run read to them and never ended
            lockFile.close();
            throw new IllegalStateException(
                    "the checkpoint "
                            + resume.get()
                            + " is of a run with kafka.bounded=true that did not finish: the Kafka"
                            + " partitions restored from it keep that run's stopping offsets, and"
                            + " a run resumed from it does not end by itself or reads nothing past"
                            + " them. Start with --fresh: its sources read on from the offsets"
                            + " that run's checkpoints committed for the consumer group (those of"
                            + " its last checkpoint; of the one before for a partition, when it"
                            + " was stopped as the last completed, whose records are then read"
                            + " and acted on again)");
        }
        if (readBounded.isPresent() && bounded) {
            err.println(
                    "prescale "
                            + command
                            + ": note: the checkpoint "
                            + resume.get()
                            + " is of a run without kafka.bounded: the Kafka partitions restored"
                            + " from it keep no stopping offset, so this run reads on past the"
                            + " latest offsets as a run without kafka.bounded does (its"
                            + " watermark.idleness too, so that a partition without new records"
                            + " does not hold event time) and does not end by itself; stop it with Ctrl-C"
                            + " once its counters stand still, or run with --fresh to read the"
                            + " topics from the consumer group's committed offsets and stop at"
                            + " their end");
        }
        // the scaling job's sinks had generated ids before they had uids: their state has no
        // operator now, the rest restores
        boolean dropSinkState =
                command.equals("run")
                        && resume.isPresent()
                        && !ResumePoint.holdsOperator(
                                resume.get(), PredictiveScalingJob.WINDOWS_SINK_UID);
        if (dropSinkState) {
            err.println(
                    "prescale "
                            + command
                            + ": note: the checkpoint "
                            + resume.get()
                            + " is of a prescale from before its sinks had ids of their own"
                            + " (December 2026): its state is to be restored but for its sinks'"
                            + " (the InfluxDB sinks' entity tags and unsent points, the Kafka"
                            + " outputs' transaction of the last checkpoint)");
        }
        // a run resumed from an unbounded run's checkpoint reads without end, whatever its option
        boolean readsBounded = bounded && readBounded.isEmpty();
        return new LocalCheckpoints(
                dir, prune, resume, lockFile, backend, readsBounded, dropSinkState);
    }

    /**
     * Whether the run that wrote {@code chk} read Kafka bounded, as it noted it ({@link #started});
     * empty for a checkpoint of a run before that note.
     */
    private static Optional<Boolean> readBounded(Path chk) {
        Path note = chk.getParent().resolve(BOUNDED_FILE);
        try {
            return Files.isRegularFile(note)
                    ? Optional.of(Boolean.parseBoolean(Files.readString(note).strip()))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The state backend the run that wrote {@code chk} used, as it noted it ({@link #started}), or
     * {@code unknown} for a checkpoint of a run before that note.
     */
    private static String writtenWith(Path chk) {
        Path note = chk.getParent().resolve(BACKEND_FILE);
        try {
            return Files.isRegularFile(note) ? Files.readString(note).strip() : UNKNOWN_BACKEND;
        } catch (IOException e) {
            return UNKNOWN_BACKEND;
        }
    }

    /**
     * Notes in {@code job}'s checkpoint directory the state backend it writes its checkpoints with,
     * and whether it reads Kafka bounded, so that a later run can tell before it starts whether it
     * can resume from them, and how.
     */
    void started(JobID job) throws IOException {
        if (dir != null) {
            Path own = Files.createDirectories(dir.resolve(job.toHexString()));
            Files.writeString(own.resolve(BACKEND_FILE), backend + "\n");
            Files.writeString(own.resolve(BOUNDED_FILE), bounded + "\n");
            ownDir = own;
        }
    }

    /** Whether {@code chk} is one of this run's own checkpoints. */
    boolean isOwn(Path chk) {
        return ownDir != null && chk.startsWith(ownDir);
    }

    /** Whether this run's checkpoints are noted as of a bounded run ({@link #BOUNDED_FILE}). */
    boolean bounded() {
        return bounded;
    }

    /** Whether this run has completed a checkpoint of its own (as last looked at). */
    boolean hasOwnCheckpoint() {
        return ownCheckpoint;
    }

    /**
     * Creates {@code dir} if needed and opens its lock file. A directory that cannot be created or
     * written is named with what failed and the way out: checked now, as Flink would fail every
     * checkpoint and restart the job.
     */
    private static FileChannel lockFile(Path dir) {
        String problem;
        try {
            Files.createDirectories(dir);
            if (Files.isWritable(dir)) {
                return FileChannel.open(
                        dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            }
            problem = "is not writable";
        } catch (IOException e) {
            problem = unusable(dir, e);
        }
        throw new IllegalStateException(
                "the checkpoint directory "
                        + dir
                        + " "
                        + problem
                        + ": fix that, or give the job another directory with"
                        + " -Dexecution.checkpointing.dir=DIR");
    }

    /** What {@code e}, from creating {@code dir} or its lock file, says is wrong with it. */
    private static String unusable(Path dir, IOException e) {
        if (Files.isDirectory(dir)) {
            return "cannot be written (" + Prescale.describe(e) + ")";
        }
        // the nearest that exists of it and its parents: a file there says "Not a directory"
        Path p = dir;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p != null && !Files.isDirectory(p)
                ? "cannot be created (" + p + " is a file, not a directory)"
                : "cannot be created (" + Prescale.describe(e) + ")";
    }

    /** For checkpoints that are not in a local directory: nothing to lock, resume or delete. */
    static LocalCheckpoints none() {
        return new LocalCheckpoints(
                null, false, Optional.empty(), null, UNKNOWN_BACKEND, false, false);
    }

    /**
     * The newest checkpoint in the directory now, if any: what the next start resumes from when
     * this run has none of its own (older runs' are deleted only once it has).
     */
    Optional<Path> newestLeft() {
        if (dir == null) {
            return Optional.empty();
        }
        try {
            return ResumePoint.newest(dir, skipped -> {});
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The checkpoint this run resumes from, if any. */
    Optional<Path> resume() {
        return resume;
    }

    /** Has a job built on the Flink settings {@code flink} start from {@link #resume}, if any. */
    void applyTo(Configuration flink) {
        resume.ifPresent(
                chk -> flink.set(StateRecoveryOptions.SAVEPOINT_PATH, CheckpointPaths.uri(chk)));
        if (dropSinkState) {
            flink.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
        }
    }

    /**
     * Once {@code job} has completed a checkpoint of its own, deletes the older runs' (once, when
     * pruning); returns how many runs' checkpoints went, 0 until then.
     */
    int pruneOnceOwnCheckpoint(JobID job) throws IOException {
        if (ownCheckpoint || dir == null) {
            return 0;
        }
        Path own = dir.resolve(job.toHexString());
        ownCheckpoint = ResumePoint.hasComplete(own);
        return ownCheckpoint && prune ? ResumePoint.pruneOthers(dir, Optional.of(own)) : 0;
    }

    /**
     * Deletes the checkpoint directory of {@code job} unless it holds a complete checkpoint: a job
     * stopped because it could not restore leaves nothing to resume from.
     */
    void discardOwn(JobID job) throws IOException {
        if (dir != null && !ResumePoint.hasComplete(dir.resolve(job.toHexString()))) {
            ResumePoint.deleteTree(dir.resolve(job.toHexString()));
        }
    }

    /**
     * Why a failure of the job before its first own checkpoint means the checkpoint it resumed from
     * cannot be restored into it, or null: state written under other settings fails every restart
     * the same way.
     */
    String unrestorable(Throwable failure) {
        if (resume.isEmpty() || ownCheckpoint) {
            return null;
        }
        Throwable t =
                failure instanceof SerializedThrowable s
                        ? s.deserializeError(LocalCheckpoints.class.getClassLoader())
                        : failure;
        String written = "the checkpoint " + resume.get() + " was written under other settings";
        String way = "; run with the settings it was written under, or --fresh to start without it";
        Optional<String> migration =
                ExceptionUtils.findThrowable(t, StateMigrationException.class)
                        .map(
                                e ->
                                        written
                                                + " and cannot be restored into this job: "
                                                + e.getMessage()
                                                + way);
        // a checkpoint of a run before the backend was noted, of the other backend: the restore
        // fails in the backend's builder (EOFException into RocksDB, "Unexpected state handle
        // type" into the heap), the same way at every restart
        Optional<String> otherBackend =
                ExceptionUtils.findThrowable(t, BackendBuildingException.class)
                        .map(e -> otherBackend(LocalJob.cause(e)));
        return migration
                .or(() -> otherBackend)
                .or(
                        () ->
                                ExceptionUtils.findThrowableWithMessage(t, UNCLAIMED_STATE)
                                        .map(
                                                e ->
                                                        written
                                                                + ": "
                                                                + UnclaimedState.describe(
                                                                        e.getMessage())
                                                                + way))
                .orElse(null);
    }

    /**
     * Why the resumed checkpoint's keyed state, which the backend failed on with {@code cause},
     * cannot restore.
     */
    private String otherBackend(String cause) {
        return "the keyed state of the checkpoint "
                + resume.get()
                + " cannot be read by this run's state backend, "
                + backend
                + " ("
                + cause
                + "): a checkpoint restores only into the backend it was written with. Run with"
                + " the state.backend.type it was written under"
                + (cause.contains("IncrementalRemoteKeyedStateHandle")
                        ? " (rocksdb, its incremental checkpoints)"
                        : "")
                + ", or --fresh to start without it";
    }

    @Override
    public void close() throws IOException {
        if (lockFile != null) {
            lockFile.close();
        }
    }
}
