package io.prescale.ml.trace;

/**
 * An argument that well-formed input cannot satisfy: a metric the trace has no rows of, a lead or
 * warm-up as long as the trace, a file pattern no data file matches. Neither the argument nor the
 * data is wrong alone, and the way out is another argument, so its message names the option and a
 * command line reports it as bad usage (exit code 2), unlike a {@link TraceFormatException}.
 */
public final class UnsatisfiableOptionException extends IllegalArgumentException {
    public UnsatisfiableOptionException(String message) {
        super(message);
    }
}
