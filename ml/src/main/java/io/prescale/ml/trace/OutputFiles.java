package io.prescale.ml.trace;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The offline commands' result files, each either the one before or the new one whole: written
 * beside their name ({@link #partial}) and renamed over it once complete, so that a run killed (a
 * CI timeout's SIGTERM) or failed half-way leaves no file cut short that a script would take for a
 * result.
 */
public final class OutputFiles {
    private OutputFiles() {}

    /** Where {@code file} is written until it is complete: {@code NAME.partial} beside it. */
    public static Path partial(Path file) {
        return file.resolveSibling(file.getFileName() + ".partial");
    }

    /** Renames the complete {@link #partial} of {@code file} over it. */
    public static void commit(Path file) throws IOException {
        try {
            Files.move(
                    partial(file),
                    file,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial(file), file, StandardCopyOption.REPLACE_EXISTING);
        }
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
     * @throws IllegalStateException naming the directory when another run holds it
     */
    public static Closeable lockDirectory(Path dir, String option) throws IOException {
        Files.createDirectories(dir);
        FileChannel channel =
                FileChannel.open(
                        dir.resolve(".prescale-lock"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException(
                    option
                            + " "
                            + dir
                            + ": another prescale run is writing to it; wait for it to finish or"
                            + " give another directory");
        }
        return channel; // closing it releases the lock
    }
}
