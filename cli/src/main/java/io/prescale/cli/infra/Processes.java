package io.prescale.cli.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Small process and file chores shared by the locally started servers. */
final class Processes {

    private static final Logger LOG = LoggerFactory.getLogger(Processes.class);
    private static final int KILL_WAIT_SECONDS = 5;

    private Processes() {}

    /**
     * Stops a process and all its descendants: SIGTERM to each, then SIGKILL to whatever is still
     * alive after {@code grace}. Descendants are listed before the root is signalled, since once it
     * dies they are re-parented and can no longer be found from it.
     */
    static void stopTree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(0, root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle process : tree) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                process.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                LOG.warn("pid {} ignored SIGTERM for {}, killing it", process.pid(), grace);
                killAndWait(process);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                tree.forEach(ProcessHandle::destroyForcibly);
                return;
            } catch (ExecutionException e) {
                killAndWait(process);
            }
        }
    }

    /**
     * SIGKILL, then a wait of up to {@value #KILL_WAIT_SECONDS} s for the process to be gone, so a
     * caller that starts another on its port or files finds them free.
     */
    private static void killAndWait(ProcessHandle process) {
        process.destroyForcibly();
        try {
            process.onExit().get(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("pid {} still there {} s after SIGKILL", process.pid(), KILL_WAIT_SECONDS);
        }
    }

    /** Deletes a directory tree; logs rather than throws, since it runs during clean-up. */
    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (NoSuchFileException alreadyGone) {
            // nothing to delete
        } catch (IOException e) {
            LOG.warn("Could not delete {}", dir, e);
        }
    }

    /** The last {@code lines} lines of a log file, or a note that it could not be read. */
    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** Sleeps between polls of a server that is starting. */
    static void pause(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a server", e);
        }
    }
}
