package io.prescale.ml.trace;

import java.nio.file.Path;

/** A trace file that cannot be read, with the file, the 1-based line and what was wrong. */
public final class TraceFormatException extends RuntimeException {
    private final Path file;
    private final long line;

    public TraceFormatException(Path file, long line, String message) {
        super(file + ":" + line + ": " + message);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    public long line() {
        return line;
    }
}
