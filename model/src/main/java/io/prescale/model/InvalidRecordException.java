package io.prescale.model;

/**
 * A record that cannot be accepted: malformed, incomplete or out of range. The message names the
 * field and the value, so it can stand alone in a dead-letter reason or an error message.
 */
public class InvalidRecordException extends RuntimeException {
    public InvalidRecordException(String message) {
        super(message);
    }

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
