package io.prescale.model;

/**
 * Why (part of) a payload was not accepted.
 *
 * @param line 1-based line of a line-protocol payload, 0 for a whole payload
 * @param reason what was wrong, naming the field and value
 * @param text the line refused, {@code null} for a whole payload
 */
public record Rejection(int line, String reason, String text) {
    /** A whole payload refused. */
    public Rejection(String reason) {
        this(0, reason, null);
    }

    @Override
    public String toString() {
        return line > 0 ? "line " + line + ": " + reason : reason;
    }
}
