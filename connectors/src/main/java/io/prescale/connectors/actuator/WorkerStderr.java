package io.prescale.connectors.actuator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The end of what one worker wrote to its stderr. A daemon thread drains the pipe for as long as
 * the worker writes to it, so a chatty worker never blocks on a full pipe, and keeps only the last
 * {@value #KEPT_BYTES} bytes: enough for the error a worker prints as it fails, bounded however
 * long it runs.
 */
final class WorkerStderr {
    static final int KEPT_BYTES = 512;
    static final int SHOWN_LINES = 3;

    private final byte[] kept = new byte[2 * KEPT_BYTES];
    private int length;
    private boolean cut;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private WorkerStderr() {}

    /** Starts draining {@code worker}'s stderr, which must be a pipe. */
    static WorkerStderr follow(Process worker) {
        WorkerStderr tail = new WorkerStderr();
        Thread t =
                new Thread(
                        () -> tail.drain(worker.getErrorStream()),
                        "process-pool-stderr-" + worker.pid());
        t.setDaemon(true);
        t.start();
        return tail;
    }

    private void drain(InputStream in) {
        byte[] buffer = new byte[256];
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                append(buffer, n);
            }
        } catch (IOException e) {
            // the pipe closed under the reader: what was read is all there is
        } finally {
            ended.complete(null);
        }
    }

    /** Appends {@code n <= KEPT_BYTES} bytes, first dropping all but the last KEPT_BYTES kept. */
    private synchronized void append(byte[] bytes, int n) {
        if (length + n > kept.length) {
            System.arraycopy(kept, length - KEPT_BYTES, kept, 0, KEPT_BYTES);
            length = KEPT_BYTES;
            cut = true;
        }
        System.arraycopy(bytes, 0, kept, length, n);
        length += n;
    }

    /**
     * The last {@value #SHOWN_LINES} non-blank lines of the worker's stderr, joined by {@code " /
     * "}, after waiting up to {@code wait} for the worker's end of the pipe to close (it has
     * exited: what it wrote last may still be in the pipe); "(no stderr)" when it wrote nothing.
     */
    String lastLines(Duration wait) {
        try {
            ended.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a child of the worker may hold the pipe open: show what came so far
        }
        String text;
        boolean truncated;
        synchronized (this) {
            int from = Math.max(0, length - KEPT_BYTES);
            text = new String(kept, from, length - from, StandardCharsets.UTF_8);
            truncated = cut || from > 0;
        }
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "(no stderr)";
        }
        List<String> last = lines.subList(Math.max(0, lines.size() - SHOWN_LINES), lines.size());
        String shown = String.join(" / ", last);
        return truncated && last.size() == lines.size() ? "..." + shown : shown;
    }
}
