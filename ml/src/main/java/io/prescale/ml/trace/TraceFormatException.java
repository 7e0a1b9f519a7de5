package io.prescale.ml.trace;

import java.nio.file.Path;

/**
 * A trace or NAB file that cannot be read, with the file, the 1-based line and what was wrong; line
 * 0 means the file as a whole (a missing file, a JSON document).
 */
public final class TraceFormatException extends RuntimeException {
    private final Path file;
    private final long line;

    public TraceFormatException(Path file, long line, String message) {
        super(line > 0 ? file + ":" + line + ": " + message : file + ": " + message);
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
