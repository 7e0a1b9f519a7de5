package io.prescale.connectors.actuator;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts and stops the process pool's worker processes. */
final class WorkerLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerLifecycle.class);

    private WorkerLifecycle() {}

    /**
     * Every worker still running in this JVM, killed when it exits: a job stopped by Ctrl-C ends
     * without closing its sink, and workers such as {@code sleep 3600} would outlive it.
     */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    /** The ledgers of the pools not closed yet: stale once their workers are killed at exit. */
    private static final Set<WorkerLedger> LEDGERS = ConcurrentHashMap.newKeySet();

    /**
     * Set as the JVM starts to exit: from then on no worker starts and no ledger is written. Flink
     * runs on while the shutdown hooks run, and a task failing then (its services going away) is
     * restarted with a new backend, which started workers after the hook had stopped the others and
     * recorded them in a ledger of its own, left behind.
     */
    private static volatile boolean exiting;

    static {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    exiting = true;
                                    RUNNING.forEach(
                                            p ->
                                                    withDescendants(p.toHandle())
                                                            .forEach(
                                                                    ProcessHandle
                                                                            ::destroyForcibly));
                                    LEDGERS.forEach(WorkerLedger::delete);
                                },
                                "process-pool-workers-stop"));
    }

    /** Whether this JVM is exiting: its workers are being killed and their ledgers deleted. */
    static boolean exiting() {
        return exiting;
    }

    /**
     * What to add to the failure of a worker that exited {@code code} within the start check: a
     * worker that exits 0 at once is most likely a daemon that forked into the background, which
     * the pool cannot see or stop, so it must run in the foreground.
     */
    static String foregroundHint(int code) {
        return code != 0
                ? ""
                : "; a worker that exits 0 at once has most likely put itself in the background,"
                        + " but workers must stay in the foreground (the pool watches and stops"
                        + " the process it started): run the program with exec in a shell wrapper,"
                        + " or with its foreground flag (e.g. --foreground, -f, --nodaemon)";
    }

    /** Deletes {@code ledger} when this JVM exits, its workers killed, unless closed before. */
    static void deleteAtExit(WorkerLedger ledger) {
        LEDGERS.add(ledger);
    }

    /** The pool of {@code ledger} closed: it deleted the ledger itself. */
    static void closed(WorkerLedger ledger) {
        LEDGERS.remove(ledger);
    }

    /**
     * Starts {@code command} with its stdout discarded and its stderr a pipe (for {@link
     * WorkerStderr}), killed when this JVM exits if it still runs then; with {@link
     * WorkerLedger#MARKER}{@code =ledger} in its environment unless {@code ledger} is null.
     */
    static Process start(List<String> command, String ledger) throws IOException {
        if (exiting) {
            throw new IOException("the JVM is exiting: no worker starts");
        }
        ProcessBuilder b =
                new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (ledger != null) {
            b.environment().put(WorkerLedger.MARKER, ledger);
        }
        Process p = b.start();
        RUNNING.add(p);
        p.onExit().thenRun(() -> RUNNING.remove(p));
        return p;
    }

    /**
     * Stops {@code workers} and their descendants: all SIGTERMed first, then each awaited until
     * {@code grace} after the first, then SIGKILLed. Also how {@link WorkerLedger} stops a killed
     * actuator's orphans.
     */
    /** A worker's descendants, then the worker: a wrapper's children are stopped with it. */
    private static Stream<ProcessHandle> withDescendants(ProcessHandle worker) {
        return Stream.concat(worker.descendants(), Stream.of(worker));
    }

    static void terminate(List<ProcessHandle> workers, Duration grace) {
        // with their descendants: a wrapper without exec (sh worker.sh running sleep) left its
        // child running under PID 1 when only the wrapper was stopped (a tester's seven sleeps)
        List<ProcessHandle> processes =
                workers.stream().flatMap(WorkerLifecycle::withDescendants).toList();
        processes.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : processes) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                try {
                    h.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    h.destroyForcibly();
                    h.onExit().get(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                h.destroyForcibly();
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("process-pool: worker {} did not exit: {}", h.pid(), e.toString());
            }
        }
    }
}
