package io.prescale.connectors.actuator;

import io.prescale.model.ScaleCommand;
import java.util.ArrayList;
import java.util.List;

/** An in-memory backend that records commands and fails as told. */
public final class TestingActuatorBackend implements ActuatorBackend {
    public final List<ScaleCommand> applied = new ArrayList<>();
    public int transientFailures;
    public boolean reject;
    public boolean closed;

    @Override
    public String name() {
        return "testing";
    }

    @Override
    public BackendResponse apply(ScaleCommand c)
            throws TransientBackendException, RejectedCommandException {
        if (reject) {
            throw new RejectedCommandException("resource '" + c.resource() + "' is unknown");
        }
        if (transientFailures > 0) {
            transientFailures--;
            throw new TransientBackendException("testing: timeout");
        }
        applied.add(c);
        return new BackendResponse(c.targetAmount(), "ok");
    }

    @Override
    public void close() {
        closed = true;
    }
}
