package io.prescale.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        return Files.exists(file) && !Files.isWritable(file) ? "is not writable" : null;
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
        return Files.isWritable(dir) ? null : "is not writable";
    }
}
