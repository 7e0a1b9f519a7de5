package io.prescale.connectors.actuator;

/** The backend will never apply this command (bad unit, unknown target, 4xx). Not retried. */
public class RejectedCommandException extends Exception {
    public RejectedCommandException(String message) {
        super(message);
    }
}
