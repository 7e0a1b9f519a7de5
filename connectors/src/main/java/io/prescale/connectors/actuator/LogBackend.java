package io.prescale.connectors.actuator;

import io.prescale.model.ScaleCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each command and reports it applied: dry runs and the actuator benchmark. */
public final class LogBackend implements ActuatorBackend {
    private static final Logger LOG = LoggerFactory.getLogger(LogBackend.class);

    @Override
    public String name() {
        return "log";
    }

    @Override
    public BackendResponse apply(ScaleCommand c) {
        LOG.info(
                "{} {} {} -> {} {} (v{}): {}",
                c.action(),
                c.entity(),
                c.resource(),
                c.targetAmount(),
                c.unit(),
                c.version(),
                c.reason());
        return new BackendResponse(c.targetAmount(), "logged");
    }

    @Override
    public void close() {}
}
