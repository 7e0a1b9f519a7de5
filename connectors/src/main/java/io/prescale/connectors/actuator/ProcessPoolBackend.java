package io.prescale.connectors.actuator;

import io.prescale.model.ScaleCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real local worker processes, one pool per entity, whose size follows the commanded target.
 *
 * <p>Only the configured resource in its unit is accepted ({@code replicas} by default); the pool
 * size is {@code ceil(targetAmount / amountPerWorker)} and the amount reported applied is that size
 * times {@code amountPerWorker}. Growing spawns workers from the command template; shrinking stops
 * the newest workers first: SIGTERM ({@link Process#destroy()}), then SIGKILL after the grace
 * period.
 *
 * <p>Spares (the "shadow" workers): {@code PREWARM} to {@code n} sets the pool to {@code n} workers
 * and marks those beyond the active ones as spares, running before they are asked for. Any other
 * action to {@code n} makes the first {@code n} workers active: a later {@code SCALE_UP} to the
 * pre-warmed size promotes the spares instead of spawning. {@code RENEW} to {@code n} (the target
 * in force, confirmed) only makes sure {@code n} workers run: it keeps the spares there are (up to
 * {@code n}), and the workers it has to start again (they died, or the actuator restarted without
 * them) are active; at {@code n} already it changes nothing. A pool's shadow entity ({@link
 * ScaleCommand#SHADOW_PREFIX}{@code <pool>}) runs spares only, whatever the command: its {@code
 * RELEASE} and {@code RENEW} do not make them active. {@link #liveWorkers} counts active and spare
 * workers alike; {@link #spareWorkers} counts spares only.
 *
 * <p>A command that starts workers waits up to {@link ProcessPoolConfig#startCheck} (100 ms by
 * default) for them to keep running: a worker that exits within it (a wrong argument, a missing
 * file, a crash at start) fails the command as a {@link TransientBackendException}, retried as a
 * process that could not start, with its exit code and the last lines of its stderr ({@link
 * WorkerStderr}), instead of being counted applied and replaced on every next command. The wait is
 * short and paid only by commands that start workers: a process that fails on its arguments exits
 * within milliseconds of its exec, and checking on the next command instead would report the first
 * command applied and leave the entity without workers until then. A worker that exits later is
 * dropped and replaced on the next command for its entity, and said in a warning at most once a
 * minute ({@link WorkerExitLog}) with its exit code and stderr. With a state directory ({@link
 * ProcessPoolConfig#stateDir}) the workers are recorded in a {@link WorkerLedger}, and a new
 * backend first stops those a killed actuator left running; an actuator restored from its
 * checkpoint starts them again at once ({@link #restartsEmpty}), else the entity's next command or
 * {@code RENEW} does. Not thread-safe beyond its synchronized methods; one instance per sink
 * writer.
 */
public final class ProcessPoolBackend implements ActuatorBackend {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessPoolBackend.class);
    private static final String RESOURCE_OPTION = "actuator.process-pool.resource";
    private static final int WARNED_RESOURCES = 64;

    private record Worker(Process process, int index, boolean spare, WorkerStderr stderr) {
        Worker withSpare(boolean isSpare) {
            return new Worker(process, index, isSpare, stderr);
        }

        /** Its exit code and the end of its stderr, once it has exited. */
        String exit() {
            return "exit code "
                    + process.exitValue()
                    + ", stderr: "
                    + stderr.lastLines(Duration.ofMillis(200));
        }
    }

    private final ProcessPoolConfig config;
    private final Map<String, List<Worker>> pools = new HashMap<>();
    private final Map<String, Integer> nextIndex = new HashMap<>();
    private final WorkerLedger ledger;
    private final WorkerExitLog exits;

    /**
     * The resource:unit pairs of rejected commands said so far, at most {@link #WARNED_RESOURCES}.
     */
    private final Set<String> warned = new HashSet<>();

    /** Stops the orphans recorded in the config's state directory, if it has one. */
    public ProcessPoolBackend(ProcessPoolConfig config) {
        this(config, WorkerLedger.Identity.current());
    }

    /** A backend whose ledger names {@code owner} as the actuator (tests: one that is gone). */
    ProcessPoolBackend(ProcessPoolConfig config, WorkerLedger.Identity owner) {
        this.config = config;
        this.exits = new WorkerExitLog(Clock.systemUTC());
        this.ledger =
                config.stateDir() == null
                        ? null
                        : WorkerLedger.open(
                                Path.of(config.stateDir()), owner, config.gracePeriod());
        if (ledger != null) {
            WorkerLifecycle.deleteAtExit(ledger);
        }
    }

    @Override
    public String name() {
        return "process-pool";
    }

    /** True: the workers belong to the actuator that started them. */
    @Override
    public boolean restartsEmpty() {
        return true;
    }

    @Override
    public synchronized BackendResponse apply(ScaleCommand c)
            throws TransientBackendException, RejectedCommandException {
        checkSupported(c);
        int target = config.workersFor(c.targetAmount());
        List<Worker> pool = pools.computeIfAbsent(c.entity(), e -> new ArrayList<>());
        int replaced = pruneDead(c.entity(), pool);
        checkBound(c, target, totalLive() - pool.size());
        int active =
                switch (c.action()) {
                    case PREWARM -> activeCount(pool);
                    // keeps the spares it has; workers it lost come back active
                    case RENEW -> target - Math.min(target, pool.size() - activeCount(pool));
                    default -> target;
                };
        if (ScaleCommand.shadowPool(c.entity()) != null) {
            active = 0; // a pool's shadow capacity: spare whatever the command
        }
        resize(c.entity(), pool, target, active);
        int spares = (int) pool.stream().filter(Worker::spare).count();
        return new BackendResponse(
                target * config.amountPerWorker(),
                target + " workers (" + spares + " spare), " + replaced + " dead replaced");
    }

    /**
     * Rejects a command of another resource or unit than the configured one, and says once per
     * resource and unit which option would apply them: left at its default ({@code replicas}), the
     * pool rejects every command of a job scaling {@code cpu}, seen otherwise only in each result.
     */
    private void checkSupported(ScaleCommand c) throws RejectedCommandException {
        String theirs = c.resource() + ":" + c.unit();
        String ours = config.resource() + ":" + config.unit();
        if (theirs.equals(ours)) {
            return;
        }
        if (warned.size() < WARNED_RESOURCES && warned.add(theirs)) {
            LOG.warn(
                    "process-pool rejects the commands for {} (resource:unit): it applies only {},"
                            + " set by {}; to apply them, set -D{}={} and {} to the amount one"
                            + " worker provides. Said once per resource; each such command is"
                            + " reported REJECTED",
                    theirs,
                    ours,
                    RESOURCE_OPTION,
                    RESOURCE_OPTION,
                    theirs,
                    "actuator.process-pool.amount-per-worker");
        }
        boolean resource = !config.resource().equals(c.resource());
        throw new RejectedCommandException(
                (resource ? "resource '" + c.resource() : "unit '" + c.unit())
                        + "' is not supported by process-pool (only '"
                        + (resource ? config.resource() : config.unit())
                        + "', set by "
                        + RESOURCE_OPTION
                        + ")");
    }

    /** Rejects a target of {@code workers} that would take the pool past {@code max-processes}. */
    private void checkBound(ScaleCommand c, int workers, int others)
            throws RejectedCommandException {
        // compared so that it cannot overflow: a target of 1e308 is Integer.MAX_VALUE workers
        if (workers > config.maxProcesses() - others) {
            throw new RejectedCommandException(
                    "max-processes: target "
                            + c.targetAmount()
                            + " "
                            + c.unit()
                            + " for '"
                            + c.entity()
                            + "' needs "
                            + (workers == Integer.MAX_VALUE ? "more than " : "")
                            + workers
                            + " worker(s), past the bound of "
                            + config.maxProcesses()
                            + " processes ("
                            + others
                            + " held by other entities)");
        }
    }

    /**
     * Stops or starts the newest workers until {@code target} run, the first {@code active} of them
     * active and the rest spare; the ledger is rewritten even when a spawn fails.
     */
    private void resize(String entity, List<Worker> pool, int target, int active)
            throws TransientBackendException {
        try {
            stop(pool, target);
            for (int i = 0; i < pool.size(); i++) {
                pool.set(i, pool.get(i).withSpare(i >= active));
            }
            List<Worker> started = new ArrayList<>();
            while (pool.size() < target) {
                started.add(spawn(entity, pool.size() >= active));
                pool.add(started.get(started.size() - 1));
            }
            awaitStart(entity, pool, started);
        } finally {
            if (pool.isEmpty()) {
                pools.remove(entity);
            }
            record();
        }
    }

    /**
     * The live workers of the entity, active and spare, times the amount per worker, as {@link
     * #apply} reports it; 0 for another resource than the configured one, which the pool never
     * runs.
     */
    @Override
    public synchronized OptionalDouble inForce(String entity, String resource) {
        if (!config.resource().equals(resource)) {
            return OptionalDouble.of(0);
        }
        return OptionalDouble.of(liveWorkers(entity) * config.amountPerWorker());
    }

    /** Live workers of the entity, active and spare. */
    public synchronized int liveWorkers(String entity) {
        return (int)
                pools.getOrDefault(entity, List.of()).stream()
                        .filter(w -> w.process().isAlive())
                        .count();
    }

    /** Live spare (pre-warmed, not yet asked for) workers of the entity. */
    public synchronized int spareWorkers(String entity) {
        return (int)
                pools.getOrDefault(entity, List.of()).stream()
                        .filter(w -> w.spare() && w.process().isAlive())
                        .count();
    }

    /** Process ids of the entity's workers, oldest first (tests and the demo). */
    public synchronized List<Long> workerPids(String entity) {
        return pools.getOrDefault(entity, List.of()).stream().map(w -> w.process().pid()).toList();
    }

    /** Live workers over all entities. */
    public synchronized int totalLive() {
        return pools.keySet().stream().mapToInt(this::liveWorkers).sum();
    }

    @Override
    public synchronized void close() {
        for (List<Worker> pool : pools.values()) {
            stop(pool, 0);
        }
        pools.clear();
        exits.unsaid().ifPresent(LOG::warn);
        if (ledger != null) {
            ledger.delete();
            WorkerLifecycle.closed(ledger);
        }
    }

    /** Rewrites the ledger when the set of workers changed, spawned ones included on failure. */
    private void record() {
        if (ledger != null) {
            List<Process> all = new ArrayList<>();
            pools.values().forEach(pool -> pool.forEach(w -> all.add(w.process())));
            ledger.write(all);
        }
    }

    private static int activeCount(List<Worker> pool) {
        return (int) pool.stream().filter(w -> !w.spare()).count();
    }

    private int pruneDead(String entity, List<Worker> pool) {
        List<Worker> dead = pool.stream().filter(w -> !w.process().isAlive()).toList();
        pool.removeAll(dead);
        String how = dead.isEmpty() ? "" : dead.get(dead.size() - 1).exit();
        exits.exited(entity, dead.size(), how).ifPresent(LOG::warn);
        return dead.size();
    }

    /**
     * Fails the command when a worker it started exits within the start check; those that exited
     * are dropped, those still running kept (the ledger is rewritten by the caller).
     */
    private void awaitStart(String entity, List<Worker> pool, List<Worker> started)
            throws TransientBackendException {
        if (started.isEmpty() || config.startCheck().isZero()) {
            return;
        }
        CompletableFuture<?>[] ends =
                started.stream().map(w -> w.process().onExit()).toArray(CompletableFuture[]::new);
        long deadline = System.nanoTime() + config.startCheck().toNanos();
        if (!within(CompletableFuture.anyOf(ends), deadline)) {
            return; // all still run
        }
        // one exited: the others that will within the start check are counted too (a wrong
        // argument fails them all, and "1 of 2 exited" would say the opposite)
        within(CompletableFuture.allOf(ends), deadline);
        List<Worker> exited = started.stream().filter(w -> !w.process().isAlive()).toList();
        pool.removeAll(exited);
        Worker last = exited.get(exited.size() - 1);
        throw new TransientBackendException(
                "process-pool: "
                        + exited.size()
                        + " of "
                        + started.size()
                        + " worker(s) started for '"
                        + entity
                        + "' exited within "
                        + config.startCheck().toMillis()
                        + " ms of their start: "
                        + last.exit()
                        + " (command "
                        + config.command(entity, last.index())
                        + ")"
                        + WorkerLifecycle.foregroundHint(last.process().exitValue()));
    }

    /** Whether {@code end} completes before {@code deadline} ({@link System#nanoTime}). */
    private static boolean within(CompletableFuture<?> end, long deadline) {
        try {
            end.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the task is cancelled: no time to check
            return false;
        }
    }

    /** Starts the entity's next worker, its stdout discarded and the end of its stderr kept. */
    private Worker spawn(String entity, boolean spare) throws TransientBackendException {
        int index = nextIndex.getOrDefault(entity, 0);
        List<String> cmd = config.command(entity, index);
        Process p;
        try {
            p = WorkerLifecycle.start(cmd, ledger == null ? null : ledger.id());
        } catch (IOException | RuntimeException e) {
            throw new TransientBackendException("process-pool: cannot spawn " + cmd, e);
        }
        nextIndex.put(entity, index + 1);
        return new Worker(p, index, spare, WorkerStderr.follow(p));
    }

    /** Stops the newest workers until {@code size} remain ({@link WorkerLifecycle#terminate}). */
    private void stop(List<Worker> pool, int size) {
        List<ProcessHandle> stopping = new ArrayList<>();
        while (pool.size() > size) {
            stopping.add(pool.remove(pool.size() - 1).process().toHandle());
        }
        WorkerLifecycle.terminate(stopping, config.gracePeriod());
    }
}
