package io.prescale.model;

/**
 * Why (part of) a payload was not accepted.
 *
 * @param line 1-based line of a line-protocol payload, 0 for a whole payload
 * @param reason what was wrong, naming the field and value
 */
public record Rejection(int line, String reason) {
    @Override
    public String toString() {
        return line > 0 ? "line " + line + ": " + reason : reason;
    }
}
