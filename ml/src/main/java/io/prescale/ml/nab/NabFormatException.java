package io.prescale.ml.nab;

import java.nio.file.Path;

/** A NAB data, windows or profiles file that cannot be read: file, 1-based line, what is wrong. */
public final class NabFormatException extends RuntimeException {
    private final Path file;
    private final long line;

    /** {@code line} 0 means the file as a whole (e.g. a JSON document). */
    public NabFormatException(Path file, long line, String message) {
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
