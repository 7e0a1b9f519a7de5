package io.prescale.jobs;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Checkpoint directories and checkpoints as Flink names them, read and written here only. Flink
 * takes a checkpoint directory or a savepoint path as {@link org.apache.flink.core.fs.Path} does:
 * the text after {@code file://} is the path as it is, a {@code %20} three characters and not a
 * space. {@link Path#toUri} percent-encodes (a directory {@code my dir} becomes {@code my%20dir},
 * which Flink then creates beside it) and {@link java.net.URI} refuses a space, so neither is used
 * for these: a local path is written {@code file://} + the path unencoded, and read back as Flink
 * reads it.
 */
public final class CheckpointPaths {
    private CheckpointPaths() {}

    /**
     * {@code dir} as Flink's checkpoint storage takes it: unchanged when it has a URI scheme
     * ({@code file:}, {@code s3:}, ...), else a local path made absolute against the working
     * directory, {@code /tmp/ckpt} as {@code file:///tmp/ckpt}. Flink refuses a path without a
     * scheme only when the JobMaster starts ("The scheme (hdfs://, file://, etc) is null").
     */
    public static String uri(String dir) {
        return flinkUri(dir).getScheme() != null ? dir : uri(Path.of(dir));
    }

    /** The local {@code path} (made absolute) as Flink names it: {@code file:///tmp/my dir}. */
    public static String uri(Path path) {
        return "file://" + path.toAbsolutePath().normalize();
    }

    /**
     * The local path Flink reads {@code uri} as (a path without a scheme, or a {@code file:} URI),
     * or empty for another file system.
     */
    public static Optional<Path> local(String uri) {
        java.net.URI read = flinkUri(uri);
        if (read.getScheme() == null) {
            return Optional.of(Path.of(uri).toAbsolutePath());
        }
        return "file".equals(read.getScheme())
                ? Optional.of(Path.of(read.getPath()))
                : Optional.empty();
    }

    private static java.net.URI flinkUri(String s) {
        return new org.apache.flink.core.fs.Path(s).toUri();
    }
}
