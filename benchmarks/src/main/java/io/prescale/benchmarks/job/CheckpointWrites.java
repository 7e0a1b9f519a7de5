package io.prescale.benchmarks.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a job writes to its checkpoint directory while it runs, looked at every 250 ms: every file
 * seen at its largest size, and the checkpoints completed (the {@code chk-N} directories with a
 * {@code _metadata}) with how long each took, from when its directory was first seen (the
 * JobManager makes it as it triggers the checkpoint) to the time of its {@code _metadata} (written
 * as it completes): short by up to a look's interval, 250 ms or more when the watcher waits for the
 * CPU, so only the checkpoints whose directory was seen in an earlier look than their {@code
 * _metadata} count (the quick ones do not). A heap checkpoint writes the whole state into its
 * {@code chk-N}; an incremental RocksDB one writes the files made since the last into {@code
 * shared/}, so the bytes over the checkpoints are what one costs the storage either way. Flink
 * deletes a checkpoint once a newer one completes, at least one interval later, so no file goes
 * unseen.
 */
final class CheckpointWrites implements AutoCloseable {
    private final Path dir;
    private final Map<Path, Long> sizes = new HashMap<>();
    private final Map<Path, long[]> triggered = new HashMap<>();
    private final Set<Path> completed = new HashSet<>();
    private final List<Long> durations = new ArrayList<>();
    private final Thread watcher;
    private volatile boolean running = true;
    private long looks;

    private CheckpointWrites(Path dir) {
        this.dir = dir;
        this.watcher = new Thread(this::watch, "checkpoint-writes");
        watcher.setDaemon(true);
    }

    /** Starts looking at the files that appear under {@code dir} from now on. */
    static CheckpointWrites watch(Path dir) {
        CheckpointWrites w = new CheckpointWrites(dir);
        w.look();
        w.sizes.replaceAll((file, size) -> -size - 1); // there before: not this run's
        w.completed.clear();
        w.triggered.replaceAll((chk, seen) -> new long[] {Long.MIN_VALUE, -1});
        w.watcher.start();
        return w;
    }

    private void watch() {
        while (running) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
            look();
        }
    }

    private synchronized void look() {
        looks++;
        try (Stream<Path> files = Files.walk(dir)) {
            files.forEach(this::note);
        } catch (NoSuchFileException | UncheckedIOException e) {
            // a checkpoint deleted while walked: seen on the next look
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void note(Path p) {
        try {
            if (Files.isDirectory(p) && p.getFileName().toString().startsWith("chk-")) {
                triggered.putIfAbsent(p, new long[] {System.currentTimeMillis(), looks});
            } else if (Files.isRegularFile(p)) {
                sizes.merge(p, Files.size(p), (a, b) -> a < 0 ? a : Math.max(a, b));
                long[] seen = triggered.get(p.getParent());
                if (p.getFileName().toString().equals("_metadata")
                        && seen != null
                        && seen[0] != Long.MIN_VALUE
                        && completed.add(p.getParent())
                        && seen[1] < looks) {
                    durations.add(Files.getLastModifiedTime(p).toMillis() - seen[0]);
                }
            }
        } catch (IOException e) {
            // deleted between the walk and the look at its size
        }
    }

    /** Bytes written by the run so far. */
    synchronized long bytes() {
        return sizes.values().stream().filter(s -> s >= 0).mapToLong(Long::longValue).sum();
    }

    /** Checkpoints the run completed so far. */
    synchronized int checkpoints() {
        return completed.size();
    }

    /** Checkpoints whose duration is known (see above). */
    synchronized int timed() {
        return durations.size();
    }

    /** The longest of their durations, ms (0 when none completed). */
    synchronized long longestMillis() {
        return durations.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** Their mean duration, ms (0 when none completed). */
    synchronized double meanMillis() {
        return durations.stream().mapToLong(Long::longValue).average().orElse(0);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        watcher.interrupt();
        watcher.join();
    }
}
