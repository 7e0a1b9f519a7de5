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

    /**
     * Creates {@code dir} if needed; throws a usage error naming {@code option} when it cannot.
     *
     * @return what a failed run removes again ({@link Made#undo})
     */
    static Made prepare(CommandSpec spec, String option, Path dir) {
        Made made = Made.before(dir);
        refuse(spec, option, dir, problem(dir));
        return made;
    }

    /**
     * Checks an output file option the same way: its directory as above (created if needed), and
     * the file itself not a directory and writable if it exists.
     *
     * @return what a failed run removes again ({@link Made#undo})
     */
    static Made prepareFile(CommandSpec spec, String option, Path file) {
        Path parent = file.toAbsolutePath().getParent();
        Made made = parent == null ? Made.NOTHING : Made.before(parent);
        refuse(spec, option, file, fileProblem(file));
        return made;
    }

    /**
     * The directories an output option's check made, from {@code leaf} up to {@code outermost}
     * (null: none), so that a run that fails leaves none of them behind (a backtest of a missing
     * trace into new/a/b left new/a/b, and a failed one into new/a left new).
     */
    record Made(Path leaf, Path outermost) {
        static final Made NOTHING = new Made(null, null);

        /** What creating {@code dir} would make: its missing ancestors and itself. */
        static Made before(Path dir) {
            Path outermost = null;
            for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
                outermost = p;
            }
            return outermost == null ? NOTHING : new Made(dir.toAbsolutePath(), outermost);
        }

        /** Removes the directories made, innermost first, each only when the run left it empty. */
        void undo() {
            for (Path p = leaf; p != null; p = p.getParent()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    return; // not empty: the run's own failure is what to report
                }
                if (p.equals(outermost)) {
                    return;
                }
            }
        }
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
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // opening a pipe to write waits for a reader: the check hung
            return "is not a regular file (a device or a pipe); give a file";
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
