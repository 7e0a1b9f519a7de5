package io.prescale.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Checks an output directory option before a command's long work: a file in its place, a directory
 * that cannot be created or is not writable is a usage error naming the option, not a failure after
 * minutes of computing.
 */
final class OutputDirectory {
    private OutputDirectory() {}

    /** Creates {@code dir} if needed; throws a usage error naming {@code option} when it cannot. */
    static void prepare(CommandSpec spec, String option, Path dir) {
        String problem = problem(dir);
        if (problem != null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), option + " " + dir + ": " + problem);
        }
    }

    /**
     * Checks an output file option the same way: its directory as above (created if needed), and
     * the file itself not a directory and writable if it exists.
     */
    static void prepareFile(CommandSpec spec, String option, Path file) {
        Path parent = file.toAbsolutePath().getParent();
        String inParent = parent == null ? null : problem(parent);
        String problem =
                file.toString().isEmpty()
                        ? "must not be empty"
                        : Files.isDirectory(file)
                                ? "is a directory, not a file"
                                : inParent == null
                                        ? null
                                        : "its directory " + parent + " " + inParent;
        if (problem == null && Files.exists(file) && !Files.isWritable(file)) {
            problem = "is not writable";
        }
        if (problem != null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), option + " " + file + ": " + problem);
        }
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
