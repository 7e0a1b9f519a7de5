package io.prescale.connectors.actuator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Configuration of the {@link ProcessPoolBackend}; also its factory on the task manager.
 *
 * @param commandTemplate the worker command line; {@code {entity}} and {@code {index}} are replaced
 *     in every argument, e.g. {@code ["sleep", "3600"]}
 * @param maxProcesses bound on live workers over all entities; a command that would exceed it is
 *     rejected
 * @param gracePeriod how long a worker has to exit after SIGTERM before it is killed
 * @param resource the only resource accepted, e.g. {@code replicas} or {@code cpu}
 * @param unit the only unit accepted for it, e.g. {@code replicas} or {@code pct}
 * @param amountPerWorker how much of the resource one worker provides, &gt; 0: a target {@code a}
 *     runs {@code ceil(a / amountPerWorker)} workers (1 for replicas)
 * @param stateDir directory where the backend records the workers it runs, so that one started
 *     after its actuator was killed stops those left running; {@code null} records nothing
 * @param startCheck how long a command that starts workers waits for them to keep running: one that
 *     exits within it (a wrong argument, a missing file) fails the command with its exit code and
 *     stderr; {@link Duration#ZERO} does not wait
 */
public record ProcessPoolConfig(
        List<String> commandTemplate,
        int maxProcesses,
        Duration gracePeriod,
        String resource,
        String unit,
        double amountPerWorker,
        String stateDir,
        Duration startCheck)
        implements ActuatorBackend.Factory {

    /** The default {@code startCheck}: see {@link ProcessPoolBackend} for why so short. */
    public static final Duration START_CHECK = Duration.ofMillis(100);

    public ProcessPoolConfig {
        if (commandTemplate == null || commandTemplate.isEmpty()) {
            throw new IllegalArgumentException("commandTemplate must not be empty");
        }
        commandTemplate = List.copyOf(commandTemplate);
        if (maxProcesses < 1) {
            throw new IllegalArgumentException("maxProcesses must be >= 1, was " + maxProcesses);
        }
        if (gracePeriod == null || gracePeriod.isNegative()) {
            throw new IllegalArgumentException("gracePeriod must be >= 0, was " + gracePeriod);
        }
        if (resource == null || resource.isBlank() || unit == null || unit.isBlank()) {
            throw new IllegalArgumentException(
                    "resource and unit must not be blank, were '" + resource + "', '" + unit + "'");
        }
        if (!(amountPerWorker > 0) || Double.isInfinite(amountPerWorker)) {
            throw new IllegalArgumentException(
                    "amountPerWorker must be finite and > 0, was " + amountPerWorker);
        }
        if (stateDir != null && stateDir.isBlank()) {
            throw new IllegalArgumentException("stateDir must not be blank (null records nothing)");
        }
        if (startCheck == null || startCheck.isNegative()) {
            throw new IllegalArgumentException("startCheck must be >= 0, was " + startCheck);
        }
    }

    /** Records nothing: a killed actuator's workers outlive it (tests, benchmarks). */
    public ProcessPoolConfig(
            List<String> commandTemplate,
            int maxProcesses,
            Duration gracePeriod,
            String resource,
            String unit,
            double amountPerWorker) {
        this(
                commandTemplate,
                maxProcesses,
                gracePeriod,
                resource,
                unit,
                amountPerWorker,
                null,
                START_CHECK);
    }

    /** Workers counted in replicas: one worker per replica. */
    public ProcessPoolConfig(List<String> commandTemplate, int maxProcesses, Duration gracePeriod) {
        this(commandTemplate, maxProcesses, gracePeriod, "replicas", "replicas", 1);
    }

    /** The command line of worker {@code index} of {@code entity}: the template filled in. */
    public List<String> command(String entity, int index) {
        List<String> cmd = new ArrayList<>();
        for (String arg : commandTemplate) {
            cmd.add(arg.replace("{entity}", entity).replace("{index}", Integer.toString(index)));
        }
        return cmd;
    }

    /** Workers needed for {@code amount}: {@code ceil(amount / amountPerWorker)}. */
    public int workersFor(double amount) {
        // a hair of tolerance so that 3 × 0.1 / 0.1 does not become 4 workers
        return (int) Math.ceil(amount / amountPerWorker - 1e-9);
    }

    /**
     * Creates the state directory now, where the job's settings are checked: a directory that
     * cannot be used then stops the start, instead of failing every (re)start of the sink on the
     * task manager, which would restart the job for ever.
     *
     * @throws IllegalArgumentException naming {@code actuator.process-pool.state-dir}, the
     *     directory and what failed
     */
    public void checkStateDir() {
        if (stateDir != null) {
            WorkerLedger.prepare(Path.of(stateDir));
        }
    }

    @Override
    public ActuatorBackend create() {
        return new ProcessPoolBackend(this);
    }
}
