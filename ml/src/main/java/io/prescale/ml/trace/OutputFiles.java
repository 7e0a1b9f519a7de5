package io.prescale.ml.trace;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The offline commands' result files, each either the one before or the new one whole: written
 * beside their name ({@link #partial}) and renamed over it once complete, so that a run killed (a
 * CI timeout's SIGTERM) or failed half-way leaves no file cut short that a script would take for a
 * result.
 */
public final class OutputFiles {
    private static final String LOCK = ".prescale-lock";

    private OutputFiles() {}

    /** The partial files being written, deleted if the JVM stops first (a SIGTERM). */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () ->
                                        WRITING.forEach(
                                                p -> {
                                                    try {
                                                        Files.deleteIfExists(p);
                                                    } catch (IOException e) {
                                                        // stopping: a partial file is left, named
                                                        // so
                                                    }
                                                }),
                                "prescale-partial-files"));
    }

    /**
     * Where {@code file} is written until it is complete: {@code NAME.partial} beside it, deleted
     * if the JVM stops before {@link #commit} or {@link #discard}.
     */
    public static Path partial(Path file) {
        Path partial = nameOfPartial(file);
        WRITING.add(partial);
        return partial;
    }

    private static Path nameOfPartial(Path file) {
        return file.resolveSibling(file.getFileName() + ".partial");
    }

    /** Deletes the {@link #partial} of {@code file}, a run that failed. */
    public static void discard(Path file) throws IOException {
        Path partial = nameOfPartial(file);
        Files.deleteIfExists(partial);
        WRITING.remove(partial);
    }

    /** Renames the complete {@link #partial} of {@code file} over it. */
    public static void commit(Path file) throws IOException {
        Path partial = nameOfPartial(file);
        try {
            Files.move(
                    partial,
                    file,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        }
        WRITING.remove(partial);
    }

    /** Writes {@code text} to {@code file} through its {@link #partial}, its directory created. */
    public static void writeString(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(partial(file), text);
        commit(file);
    }

    /**
     * Takes the lock of output directory {@code dir} (its file {@code .prescale-lock}, kept) until
     * the returned handle is closed, or refuses: two runs into one directory left one's summary
     * beside the other's files, both saying they wrote it.
     *
     * @throws UnsatisfiableOptionException naming the directory when another run holds it: a usage
     *     error (exit code 2), as another directory is the way out
     */
    public static Closeable lockDirectory(Path dir, String option) throws IOException {
        Files.createDirectories(dir);
        FileChannel channel =
                FileChannel.open(
                        dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (!tryLock(channel)) {
            channel.close();
            throw new UnsatisfiableOptionException(
                    option
                            + " "
                            + dir
                            + ": another prescale run is writing to it; wait for it to finish or"
                            + " give another directory");
        }
        return channel; // closing it releases the lock
    }

    /**
     * Deletes the lock file of {@code dir} when it is all the directory holds, for a run that
     * failed while it held the lock: the caller then removes the directory it made (the lock file
     * kept it).
     */
    public static void dropLockIfAlone(Path dir) {
        try (var entries = Files.list(dir)) {
            List<Path> all = entries.limit(2).toList();
            if (all.size() == 1 && all.get(0).getFileName().toString().equals(LOCK)) {
                Files.delete(all.get(0));
            }
        } catch (IOException e) {
            // the run's own failure is what to report
        }
    }

    /**
     * Whether this process took the lock of {@code channel}'s file, held until the channel is
     * closed: false when another process holds it, or another run in this JVM.
     */
    public static boolean tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock() != null;
        } catch (OverlappingFileLockException e) {
            return false;
        }
    }
}
