package io.prescale.connectors.actuator;

import io.prescale.model.ScaleCommand;
import java.io.Serializable;
import java.util.OptionalDouble;

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

    /**
     * The amount of {@code resource} this backend runs for {@code entity} now, in the unit it
     * applies, when it can tell (0 when it runs nothing); empty when it cannot (a webhook does not
     * say). The actuator reports it for a command that was rejected or failed, instead of the
     * amount the command assumed was in force.
     */
    default OptionalDouble inForce(String entity, String resource) {
        return OptionalDouble.empty();
    }

    @Override
    void close();

    /** Creates a backend on the task manager. */
    interface Factory extends Serializable {
        ActuatorBackend create();
    }
}
