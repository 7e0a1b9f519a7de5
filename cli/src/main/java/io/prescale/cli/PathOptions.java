package io.prescale.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Checks a command's path options before its long work: an input file that is missing, a directory
 * or unreadable, an output directory with a file in its place, that cannot be created or is not
 * writable, is a usage error naming the option (exit code 2), not a failure after minutes of
 * computing. What is wrong inside an input file is the run's failure (exit code 1).
 */
final class PathOptions {
    private PathOptions() {}

    /** Throws a usage error naming {@code option} unless {@code file} is a readable file. */
    static void requireInputFile(CommandSpec spec, String option, Path file) {
        refuse(spec, option, file, inputProblem(file));
    }

    /** Creates {@code dir} if needed; throws a usage error naming {@code option} when it cannot. */
    static void prepare(CommandSpec spec, String option, Path dir) {
        refuse(spec, option, dir, problem(dir));
    }

    /** Removes {@code dir}, made for a run that failed, when the run wrote nothing into it. */
    static void removeIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // not empty, or not ours to remove: the run's own failure is what to report
        }
    }

    /**
     * Checks an output file option the same way: its directory as above (created if needed), and
     * the file itself not a directory and writable if it exists.
     */
    static void prepareFile(CommandSpec spec, String option, Path file) {
        refuse(spec, option, file, fileProblem(file));
    }

    private static void refuse(CommandSpec spec, String option, Path path, String problem) {
        if (problem != null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), option + " " + path + ": " + problem);
        }
    }

    private static String inputProblem(Path file) {
        String notAFile = notAFile(file);
        if (notAFile != null) {
            return notAFile;
        }
        if (!Files.exists(file)) {
            return "no such file";
        }
        if (!Files.isRegularFile(file)) {
            // /dev/zero, a FIFO: read to the end, or never ending
            return "is not a regular file (a device or a pipe); give a file";
        }
        return Files.isReadable(file) ? null : "is not readable";
    }

    private static String notAFile(Path file) {
        if (file.toString().isEmpty()) {
            return "must not be empty";
        }
        return Files.isDirectory(file) ? "is a directory, not a file" : null;
    }

    private static String fileProblem(Path file) {
        String notAFile = notAFile(file);
        if (notAFile != null) {
            return notAFile;
        }
        Path parent = file.toAbsolutePath().getParent();
        String inParent = parent == null ? null : problem(parent);
        if (inParent != null) {
            return "its directory " + parent + " " + inParent;
        }
        return Files.exists(file) ? notWritable(file) : notCreatable(file);
    }

    /**
     * Opens {@code file} for writing without truncating it: Files.isWritable asks access(2), which
     * answers yes to root for /proc and /sys, where nothing can be written or created; only trying
     * tells (here, in {@link #notCreatable} and in {@link #problem}).
     */
    private static String notWritable(Path file) {
        try {
            FileChannel.open(file, StandardOpenOption.WRITE).close();
            return null;
        } catch (IOException e) {
            return "is not writable (" + reason(e) + ")";
        }
    }

    /** Creates {@code file} and deletes it again, so that a failed run leaves none. */
    private static String notCreatable(Path file) {
        try {
            Files.delete(Files.createFile(file));
            return null;
        } catch (IOException e) {
            return "cannot be created (" + reason(e) + ")";
        }
    }

    private static String reason(IOException e) {
        return e instanceof FileSystemException f ? Prescale.reason(f) : Prescale.describe(e);
    }

    private static String problem(Path dir) {
        if (dir.toString().isEmpty()) {
            return "must not be empty (say . for the current directory)";
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            return "is a file, not a directory";
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return "cannot be created (" + Prescale.describe(e) + ")";
        }
        try {
            Files.delete(Files.createTempFile(dir, ".prescale-", ".probe"));
            return null;
        } catch (IOException e) {
            return "is not writable (no file can be created in it: " + reason(e) + ")";
        }
    }
}
