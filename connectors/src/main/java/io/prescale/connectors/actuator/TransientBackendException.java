package io.prescale.connectors.actuator;

/** A failure that may pass: a timeout, a 5xx, a process that could not start. Retried. */
public class TransientBackendException extends Exception {
    public TransientBackendException(String message, Throwable cause) {
        super(message, cause);
    }

    public TransientBackendException(String message) {
        super(message);
    }
}
