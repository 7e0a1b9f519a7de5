package io.prescale.connectors.actuator;

import java.time.Duration;
import java.util.List;

/**
 * Configuration of the {@link ProcessPoolBackend}; also its factory on the task manager.
 *
 * @param commandTemplate the worker command line; {@code {entity}} and {@code {index}} are replaced
 *     in every argument, e.g. {@code ["sleep", "3600"]}
 * @param maxProcesses bound on live workers over all entities; a command that would exceed it is
 *     rejected
 * @param gracePeriod how long a worker has to exit after SIGTERM before it is killed
 */
public record ProcessPoolConfig(
        List<String> commandTemplate, int maxProcesses, Duration gracePeriod)
        implements ActuatorBackend.Factory {

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
    }

    @Override
    public ActuatorBackend create() {
        return new ProcessPoolBackend(this);
    }
}
