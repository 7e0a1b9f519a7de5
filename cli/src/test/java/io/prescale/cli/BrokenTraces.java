package io.prescale.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Traces broken as a copy breaks them, for the tests of the commands that read one. */
public final class BrokenTraces {
    /** What a command says of {@link #truncatedGzip}, up to the line it names. */
    public static final String TRUNCATED =
            ": the gzip file is truncated or corrupt: its data breaks off after line ";

    private BrokenTraces() {}

    /** {@code trace} gzipped beside it as {@code trunc.csv.gz}, cut after half of its bytes. */
    public static Path truncatedGzip(Path trace) {
        try {
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(whole)) {
                gz.write(Files.readAllBytes(trace));
            }
            byte[] bytes = whole.toByteArray();
            return Files.write(
                    trace.resolveSibling("trunc.csv.gz"), Arrays.copyOf(bytes, bytes.length / 2));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An empty file {@code empty.csv} beside {@code trace}. */
    public static Path empty(Path trace) {
        try {
            return Files.write(trace.resolveSibling("empty.csv"), new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a command says of {@link #empty}, after its path. */
    public static final String EMPTY =
            ": the file is empty; a trace starts with the header timestamp,entity,metric,value";
}
