package io.prescale.connectors.actuator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers one {@link ProcessPoolBackend} runs, kept in a file so that a backend started after
 * its actuator was killed ({@code kill -9}, a crash: no shutdown hook runs and the workers are
 * reparented to PID 1) can stop them before it starts its own.
 *
 * <p>Each backend has a file of its own in the state directory, {@code <uuid>.workers}: a line
 * {@code owner <pid> <start instant>} for the JVM it runs in, then {@code worker <pid> <start
 * instant>} per worker, replaced whole (written aside, then moved) whenever the set changes, and
 * deleted on close. A new ledger first reads every file of an owner that is gone (no live process
 * with that pid and start instant) and stops each recorded worker that still runs with the same pid
 * <em>and</em> start instant, so a pid reused by an unrelated process is never touched; files of
 * live owners (other subtasks, another actuator sharing the directory) are left alone. A file per
 * backend rather than per subtask index keeps this right when the parallelism changes between runs.
 *
 * <p>A recorded worker is stopped only if it was started by the record's backend: each worker is
 * started with {@value #MARKER}{@code =<the record's name>} in its environment, which an {@code
 * exec} keeps and no one can add to a running process, and the backend reads it back from {@code
 * /proc/<pid>/environ} (where there is no {@code /proc}, the pid and start instant alone decide).
 * Anyone who could write a record into the directory could otherwise have the actuator kill any
 * process of its user, given its pid and start instant (a tester's forged record killed an
 * unrelated {@code sleep}; a match on the worker command's words, tried first, killed a {@code
 * sleep 36011} for the words of {@code sleep 3601} and left the workers of an {@code exec} wrapper
 * running). An entry that is not a regular file (a directory, a FIFO, which hung the actuator), or
 * that cannot be read, is skipped with a warning naming it, and the others are still read.
 */
final class WorkerLedger {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerLedger.class);
    private static final String SUFFIX = ".workers";
    private static final String STATE_DIR = "actuator.process-pool.state-dir";

    /** The environment variable naming the record of the backend that started a worker. */
    static final String MARKER = "PRESCALE_WORKER_OF";

    /** Present where processes' environments can be read ({@code /proc/<pid>/environ}). */
    private static final Path PROC_SELF = Path.of("/proc/self");

    /** A process told apart from a later one with the same pid by its start instant. */
    record Identity(long pid, Instant start) {

        static Optional<Identity> of(ProcessHandle h) {
            return h.info().startInstant().map(start -> new Identity(h.pid(), start));
        }

        static Identity current() {
            ProcessHandle self = ProcessHandle.current();
            return of(self).orElse(new Identity(self.pid(), Instant.EPOCH));
        }

        /** The live process this identity names, if it still runs. */
        Optional<ProcessHandle> live() {
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().startInstant().map(start::equals).orElse(false));
        }

        /**
         * Whether this owner may still run: its process is live, or its pid is and its start was
         * not known ({@link Instant#EPOCH}), when a live actuator's workers must not be taken.
         */
        boolean mayRun() {
            return live().isPresent()
                    || (start.equals(Instant.EPOCH)
                            && ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent());
        }

        String line(String kind) {
            return kind + " " + pid + " " + start;
        }
    }

    private final Path file;
    private final Identity owner;
    private List<Identity> written = List.of();

    private WorkerLedger(Path file, Identity owner) {
        this.file = file;
        this.owner = owner;
    }

    /**
     * Creates {@code dir} if needed, stops the workers recorded there by owners that are gone
     * (SIGTERM, then SIGKILL after {@code grace}), and returns a new, empty ledger for {@code
     * owner}.
     */
    static WorkerLedger open(Path dir, Identity owner, Duration grace) {
        prepare(dir);
        // one at a time in this JVM, so that two subtasks starting together count each orphan once
        synchronized (WorkerLedger.class) {
            stopOrphans(dir, grace);
        }
        return new WorkerLedger(dir.resolve(UUID.randomUUID() + SUFFIX), owner);
    }

    /**
     * Creates {@code dir} if needed and checks that it is writable.
     *
     * @throws IllegalArgumentException naming the option, the directory and what failed
     */
    static void prepare(Path dir) {
        String problem;
        try {
            Files.createDirectories(dir);
            if (Files.isWritable(dir)) {
                return;
            }
            problem = "is not writable";
        } catch (IOException e) {
            problem = unusable(dir, e);
        }
        throw new IllegalArgumentException(
                STATE_DIR
                        + ": the directory "
                        + dir.toAbsolutePath()
                        + " "
                        + problem
                        + ": fix that, or give the backend another directory with -D"
                        + STATE_DIR
                        + "=DIR");
    }

    /** What {@code e}, from creating {@code dir}, says is wrong with it. */
    private static String unusable(Path dir, IOException e) {
        // the nearest of it and its parents that exists: a file there says "Not a directory"
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p != null && !Files.isDirectory(p)) {
            return "cannot be created (" + p + " is a file, not a directory)";
        }
        return "cannot be created (" + describe(e) + ")";
    }

    /** The file and the reason; a {@link FileSystemException}'s message is often only the file. */
    private static String describe(IOException e) {
        if (!(e instanceof FileSystemException f)) {
            return e.toString();
        }
        String reason = f.getReason();
        if (reason == null) {
            reason =
                    f instanceof NoSuchFileException
                            ? "no such file or directory"
                            : f instanceof AccessDeniedException
                                    ? "permission denied"
                                    : f.getClass().getSimpleName();
        }
        return f.getFile() + ": " + reason;
    }

    /** Records {@code workers} (what is not alive any more is left out); a failure is logged. */
    void write(List<Process> workers) {
        if (WorkerLifecycle.exiting()) {
            return; // the exit hook deletes the ledgers, and kills what they would name
        }
        List<Identity> ids = new ArrayList<>();
        for (Process p : workers) {
            Identity.of(p.toHandle()).ifPresent(ids::add);
        }
        if (ids.equals(written)) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(owner.line("owner"));
        ids.forEach(id -> lines.add(id.line("worker")));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, lines);
            Files.move(
                    tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            written = List.copyOf(ids);
        } catch (IOException e) {
            LOG.warn(
                    "process-pool: cannot record its workers in {}; a crash now would leave them"
                            + " running: {}",
                    file,
                    e.toString());
        }
    }

    /** Forgets every worker: the pool stopped them all. */
    void delete() {
        try {
            Files.deleteIfExists(file);
            written = List.of();
        } catch (IOException e) {
            LOG.warn("process-pool: cannot delete {}: {}", file, e.toString());
        }
    }

    Path file() {
        return file;
    }

    /**
     * Stops the orphans of every record in {@code dir} whose owner is gone, and says so in one
     * line: a killed actuator leaves one record per sink subtask, and a line per record read as the
     * same warning said twice.
     */
    private static void stopOrphans(Path dir, Duration grace) {
        int stopped = 0;
        int recorded = 0;
        Set<Long> owners = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                Optional<Orphans> o;
                try {
                    o = stopOrphansOf(f, grace);
                } catch (IOException e) {
                    LOG.warn("process-pool: cannot read the worker record {}: {}", f, e.toString());
                    continue;
                }
                if (o.isPresent()) {
                    stopped += o.get().stopped();
                    recorded += o.get().recorded();
                    owners.add(o.get().owner());
                }
            }
        } catch (IOException e) {
            LOG.warn("process-pool: cannot read the worker records in {}: {}", dir, e.toString());
        }
        if (stopped > 0) {
            LOG.warn(
                    "process-pool: stopped {} orphan worker(s) of {} recorded in {} by an"
                            + " actuator that is gone (pid {})",
                    stopped,
                    recorded,
                    dir,
                    owners.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
    }

    /** What one record of a gone owner held: its workers, and those of them still running. */
    private record Orphans(long owner, int recorded, int stopped) {}

    /** The value of {@link #MARKER} this ledger's workers are started with: its file's name. */
    String id() {
        return id(file);
    }

    private static String id(Path f) {
        String name = f.getFileName().toString();
        return name.substring(0, name.length() - SUFFIX.length());
    }

    /**
     * Whether {@code h} was started by the backend of the record {@code id}: its environment, read
     * from {@code /proc}, holds {@value #MARKER}{@code =id}. Without {@code /proc} (another system)
     * the pid and start instant alone decide; a process whose environment cannot be read (another
     * user's) is not taken for a worker.
     */
    static boolean startedBy(ProcessHandle h, String id) {
        if (!Files.isDirectory(PROC_SELF)) {
            return true;
        }
        try {
            byte[] env = Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "environ"));
            String entry = MARKER + "=" + id;
            for (String e : new String(env, StandardCharsets.ISO_8859_1).split("\0")) {
                if (e.equals(entry)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the live workers of {@code f} if its owner is gone, then deletes it. */
    private static Optional<Orphans> stopOrphansOf(Path f, Duration grace) throws IOException {
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            LOG.warn("process-pool: {} is not a regular file, left alone", f);
            return Optional.empty();
        }
        Identity owner = null;
        List<Identity> workers = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(f)) {
                String[] parts = line.trim().split(" ");
                if (parts.length != 3) {
                    continue;
                }
                Identity id = new Identity(Long.parseLong(parts[1]), Instant.parse(parts[2]));
                if (parts[0].equals("owner")) {
                    owner = id;
                } else if (parts[0].equals("worker")) {
                    workers.add(id);
                }
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            LOG.warn("process-pool: {} is not a worker record, left alone: {}", f, e.toString());
            return Optional.empty();
        }
        if (owner == null || owner.mayRun()) {
            return Optional.empty();
        }
        List<ProcessHandle> orphans = new ArrayList<>();
        List<Long> others = new ArrayList<>();
        for (Identity w : workers) {
            Optional<ProcessHandle> h = w.live();
            if (h.isPresent() && startedBy(h.get(), id(f))) {
                orphans.add(h.get());
            } else if (h.isPresent()) {
                others.add(h.get().pid());
            }
        }
        if (!others.isEmpty()) {
            LOG.warn(
                    "process-pool: {} records processes {} that its backend did not start (no {}"
                            + " in their environment); left alone",
                    f,
                    others,
                    MARKER + "=" + id(f));
        }
        WorkerLifecycle.terminate(orphans, grace);
        Files.deleteIfExists(f);
        return Optional.of(new Orphans(owner.pid(), workers.size(), orphans.size()));
    }
}
