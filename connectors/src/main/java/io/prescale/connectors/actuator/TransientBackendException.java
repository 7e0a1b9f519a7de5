package io.prescale.connectors.actuator;

/**
 * A failure that may pass: a timeout, a 5xx, a process that could not start. Retried, unless made
 * by {@link #notRetried}.
 */
public class TransientBackendException extends Exception {
    private final boolean retryable;

    public TransientBackendException(String message, Throwable cause) {
        this(message, cause, true);
    }

    public TransientBackendException(String message) {
        this(message, null, true);
    }

    private TransientBackendException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    /**
     * A failure that may pass, but whose retry now would likely cost as much again for nothing: a
     * receiver that did not answer in time. The command fails at once; the next command for the
     * entity tries again.
     */
    public static TransientBackendException notRetried(String message, Throwable cause) {
        return new TransientBackendException(message, cause, false);
    }

    /** Whether the actuator tries the command again (after its backoff) before it fails it. */
    public boolean retryable() {
        return retryable;
    }
}
