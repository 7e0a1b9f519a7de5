package io.prescale.connectors.actuator;

import io.prescale.model.ScaleCommand;
import java.io.Serializable;

/**
 * Applies a command's absolute target to a real system. Applying the same target twice leaves the
 * same state. A failure is either worth retrying ({@link TransientBackendException}) or not ({@link
 * RejectedCommandException}).
 */
public interface ActuatorBackend extends AutoCloseable {

    /** A short name recorded in every actuation result. */
    String name();

    BackendResponse apply(ScaleCommand command)
            throws TransientBackendException, RejectedCommandException;

    @Override
    void close();

    /** Creates a backend on the task manager. */
    interface Factory extends Serializable {
        ActuatorBackend create();
    }
}
