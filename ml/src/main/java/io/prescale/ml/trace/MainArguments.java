package io.prescale.ml.trace;

import io.prescale.model.Decimals;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The positional arguments of {@code ml}'s plain {@code main} methods ({@code BacktestMain}, {@code
 * ForecastEvalMain}, run from {@code ml}'s classes without the CLI jar: BENCHMARKS.md), read as
 * strictly as the CLI reads its options and ending with its exit codes: an argument that is wrong
 * is one line naming it and its value, then the usage line, exit code 2; a malformed trace or a
 * failing write is one line naming the file, exit code 1. Never a stack trace.
 */
public final class MainArguments {
    /** ASCII digits with an optional sign (not {@code Long.parseLong}'s any Unicode digit). */
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    /**
     * What a {@code main} takes.
     *
     * @param program the class's simple name, which starts every line printed
     * @param names the arguments' names in order, as the messages and the usage line say them
     * @param required how many of the first names must be given; the others are optional
     * @param notes what the names mean, printed under the usage line, or empty
     */
    public record Usage(String program, List<String> names, int required, String notes) {
        public Usage {
            names = List.copyOf(names);
            if (required < 0 || required > names.size()) {
                throw new IllegalArgumentException(
                        "required must be in 0.." + names.size() + ", was " + required);
            }
        }

        /** {@code PROGRAM A B [C [D]]}. */
        public String line() {
            StringBuilder b = new StringBuilder(program);
            for (int i = 0; i < names.size(); i++) {
                b.append(i < required ? " " : " [").append(names.get(i));
            }
            return b.append("]".repeat(names.size() - required)).toString();
        }
    }

    /** Reads the arguments into what the work takes; an argument that is wrong throws. */
    @FunctionalInterface
    public interface Reader<O> {
        O read(MainArguments args);
    }

    /** The work. */
    @FunctionalInterface
    public interface Work<O> {
        void run(O options) throws IOException;
    }

    private final Usage usage;
    private final List<String> values;

    private MainArguments(Usage usage, List<String> values) {
        this.usage = usage;
        this.values = values;
    }

    /**
     * Reads {@code args} with {@code reader} and runs {@code work} on the result; returns the exit
     * code. 2 with the usage line when an argument is wrong: too few or too many, or {@code reader}
     * throws an {@link IllegalArgumentException}, or the work an {@link
     * UnsatisfiableOptionException}. 1 when the work throws a {@link TraceFormatException} or an
     * I/O error.
     */
    public static <O> int run(
            Usage usage, String[] args, PrintWriter err, Reader<O> reader, Work<O> work) {
        O options;
        try {
            if (args.length < usage.required() || args.length > usage.names().size()) {
                throw new IllegalArgumentException(
                        "takes "
                                + (usage.required() == usage.names().size()
                                        ? usage.required()
                                        : usage.required() + " to " + usage.names().size())
                                + " arguments, was given "
                                + args.length);
            }
            options = reader.read(new MainArguments(usage, List.of(args)));
        } catch (IllegalArgumentException e) {
            return usageError(usage, err, e);
        }
        try {
            work.run(options);
            return 0;
        } catch (UnsatisfiableOptionException e) {
            return usageError(usage, err, e);
        } catch (TraceFormatException | IOException | UncheckedIOException e) {
            // a trace's message names the file and line; an I/O error's is often the path alone
            err.println(
                    usage.program()
                            + ": "
                            + (e instanceof TraceFormatException ? e.getMessage() : e));
            err.flush();
            return 1;
        }
    }

    private static int usageError(Usage usage, PrintWriter err, IllegalArgumentException e) {
        err.println(usage.program() + ": " + e.getMessage());
        err.println("usage: " + usage.line());
        if (!usage.notes().isEmpty()) {
            err.println(usage.notes());
        }
        err.flush();
        return 2;
    }

    /** Whether the argument {@code name} was given (an optional one may not be). */
    public boolean given(String name) {
        return index(name) < values.size();
    }

    /** The argument {@code name} as given. */
    public String text(String name) {
        int i = index(name);
        if (i >= values.size()) {
            throw new IllegalArgumentException(name + " is not given");
        }
        return values.get(i);
    }

    /** The argument {@code name}: a whole number in ASCII digits, at least 1. */
    public long positiveLong(String name) {
        String value = text(name);
        long v;
        try {
            v = INTEGER.matcher(value).matches() ? Long.parseLong(value) : 0;
        } catch (NumberFormatException e) {
            throw bad(name, value, "a whole number >= 1 within " + Long.MAX_VALUE);
        }
        if (v < 1) {
            throw bad(name, value, "a whole number >= 1");
        }
        return v;
    }

    /** The argument {@code name}: a whole number in ASCII digits, at least 1, an int. */
    public int positiveInt(String name) {
        long v = positiveLong(name);
        if (v > Integer.MAX_VALUE) {
            throw bad(name, text(name), "a whole number >= 1 within " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    /** The argument {@code name}: a finite decimal number (not NaN, not {@code 0x1p3}). */
    public double decimal(String name) {
        String value = text(name);
        double v = Decimals.isDecimal(value) ? Double.parseDouble(value) : Double.NaN;
        if (!Double.isFinite(v)) {
            throw bad(name, value, "a decimal number (such as 0.01 or 1e-3)");
        }
        return v;
    }

    /** The argument {@code name}: {@code true} or {@code false}, nothing else. */
    public boolean bool(String name) {
        String value = text(name);
        if (!value.equals("true") && !value.equals("false")) {
            throw bad(name, value, "true or false");
        }
        return Boolean.parseBoolean(value);
    }

    /** The argument {@code name}: a path, not empty. */
    public Path path(String name) {
        String value = text(name);
        if (value.isEmpty()) {
            throw bad(name, value, "a path");
        }
        return Path.of(value);
    }

    /** The argument {@code name}: a file that exists and can be read. */
    public Path inputFile(String name) {
        Path file = path(name);
        String problem =
                Files.isDirectory(file)
                        ? "is a directory, not a file"
                        : !Files.exists(file)
                                ? "no such file"
                                : Files.isReadable(file) ? null : "is not readable";
        if (problem != null) {
            throw new IllegalArgumentException(name + " " + file + ": " + problem);
        }
        return file;
    }

    private int index(String name) {
        int i = usage.names().indexOf(name);
        if (i < 0) {
            throw new IllegalStateException(usage.program() + " takes no argument " + name);
        }
        return i;
    }

    private static IllegalArgumentException bad(String name, String value, String expected) {
        return new IllegalArgumentException(
                name + " must be " + expected + ", was '" + value + "'");
    }
}
