package io.prescale.connectors.actuator;

import io.prescale.model.ScaleCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * them) are active; at {@code n} already it changes nothing. {@link #liveWorkers} counts active and
 * spare workers alike; {@link #spareWorkers} counts spares only.
 *
 * <p>Workers that exited on their own are dropped and replaced on the next command for their
 * entity. With a state directory ({@link ProcessPoolConfig#stateDir}) the workers are recorded in a
 * {@link WorkerLedger}, and a new backend first stops those a killed actuator left running; they
 * are started again by the next command or {@code RENEW}. Not thread-safe beyond its synchronized
 * methods; one instance per sink writer.
 */
public final class ProcessPoolBackend implements ActuatorBackend {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessPoolBackend.class);

    private record Worker(Process process, int index, boolean spare) {}

    /**
     * Every worker still running in this JVM, killed when it exits: a job stopped by Ctrl-C ends
     * without closing its sink, and workers such as {@code sleep 3600} would outlive it.
     */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> RUNNING.forEach(Process::destroyForcibly),
                                "process-pool-workers-stop"));
    }

    private final ProcessPoolConfig config;
    private final Map<String, List<Worker>> pools = new HashMap<>();
    private final Map<String, Integer> nextIndex = new HashMap<>();
    private final WorkerLedger ledger;

    /** Stops the orphans recorded in the config's state directory, if it has one. */
    public ProcessPoolBackend(ProcessPoolConfig config) {
        this(config, WorkerLedger.Identity.current());
    }

    /** A backend whose ledger names {@code owner} as the actuator (tests: one that is gone). */
    ProcessPoolBackend(ProcessPoolConfig config, WorkerLedger.Identity owner) {
        this.config = config;
        this.ledger =
                config.stateDir() == null
                        ? null
                        : WorkerLedger.open(
                                Path.of(config.stateDir()), owner, config.gracePeriod());
    }

    @Override
    public String name() {
        return "process-pool";
    }

    @Override
    public synchronized BackendResponse apply(ScaleCommand c)
            throws TransientBackendException, RejectedCommandException {
        checkSupported("resource", c.resource(), config.resource());
        checkSupported("unit", c.unit(), config.unit());
        int target = config.workersFor(c.targetAmount());
        List<Worker> pool = pools.computeIfAbsent(c.entity(), e -> new ArrayList<>());
        int replaced = pruneDead(c.entity(), pool);
        checkBound(c.entity(), target, totalLive() - pool.size());
        int active =
                switch (c.action()) {
                    case PREWARM -> activeCount(pool);
                    // keeps the spares it has; workers it lost come back active
                    case RENEW -> target - Math.min(target, pool.size() - activeCount(pool));
                    default -> target;
                };
        resize(c.entity(), pool, target, active);
        int spares = (int) pool.stream().filter(Worker::spare).count();
        return new BackendResponse(
                target * config.amountPerWorker(),
                target + " workers (" + spares + " spare), " + replaced + " dead replaced");
    }

    private static void checkSupported(String what, String value, String supported)
            throws RejectedCommandException {
        if (!supported.equals(value)) {
            throw new RejectedCommandException(
                    what
                            + " '"
                            + value
                            + "' is not supported by process-pool (only '"
                            + supported
                            + "')");
        }
    }

    /** Rejects a target that would take the pool past {@code max-processes}. */
    private void checkBound(String entity, int target, int others) throws RejectedCommandException {
        // compared so that it cannot overflow: a target of 1e308 is Integer.MAX_VALUE workers
        if (target > config.maxProcesses() - others) {
            throw new RejectedCommandException(
                    "max-processes: target "
                            + target
                            + " for '"
                            + entity
                            + "' would exceed the bound of "
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
                Worker w = pool.get(i);
                pool.set(i, new Worker(w.process(), w.index(), i >= active));
            }
            while (pool.size() < target) {
                pool.add(new Worker(spawn(entity), nextIndex(entity), pool.size() >= active));
            }
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
        if (ledger != null) {
            ledger.delete();
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
        int before = pool.size();
        pool.removeIf(w -> !w.process().isAlive());
        int dead = before - pool.size();
        if (dead > 0) {
            LOG.warn("{} worker(s) of '{}' exited on their own; replacing", dead, entity);
        }
        return dead;
    }

    private int nextIndex(String entity) {
        return nextIndex.merge(entity, 1, Integer::sum) - 1;
    }

    private Process spawn(String entity) throws TransientBackendException {
        int index = nextIndex.getOrDefault(entity, 0);
        List<String> cmd = new ArrayList<>();
        for (String arg : config.commandTemplate()) {
            cmd.add(arg.replace("{entity}", entity).replace("{index}", Integer.toString(index)));
        }
        try {
            Process p =
                    new ProcessBuilder(cmd)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectError(ProcessBuilder.Redirect.DISCARD)
                            .start();
            RUNNING.add(p);
            p.onExit().thenRun(() -> RUNNING.remove(p));
            return p;
        } catch (IOException | RuntimeException e) {
            throw new TransientBackendException("process-pool: cannot spawn " + cmd, e);
        }
    }

    /** Stops the newest workers until {@code size} remain ({@link #terminate}). */
    private void stop(List<Worker> pool, int size) {
        List<ProcessHandle> stopping = new ArrayList<>();
        while (pool.size() > size) {
            stopping.add(pool.remove(pool.size() - 1).process().toHandle());
        }
        terminate(stopping, config.gracePeriod());
    }

    /**
     * Stops {@code processes}: all SIGTERMed first, then each awaited until {@code grace} after the
     * first, then SIGKILLed. Also how {@link WorkerLedger} stops a killed actuator's orphans.
     */
    static void terminate(List<ProcessHandle> processes, Duration grace) {
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
