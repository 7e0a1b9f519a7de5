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

    /**
     * Whether a new instance of this backend runs nothing of what an earlier one ran: the process
     * pool, whose workers belong to the actuator's process (a new one stops those a killed actuator
     * left behind). An actuator restored from a checkpoint brings such a backend back to each key's
     * last applied command at once, before any new command. False for a backend that drives a
     * system which keeps what it was told (a webhook's receiver, a Kubernetes workload).
     */
    default boolean restartsEmpty() {
        return false;
    }

    @Override
    void close();

    /** Creates a backend on the task manager. */
    interface Factory extends Serializable {
        ActuatorBackend create();
    }
}
