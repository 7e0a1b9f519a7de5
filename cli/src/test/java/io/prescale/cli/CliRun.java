package io.prescale.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs prescale's command line in the test's JVM, keeping what it prints for the assertions. */
public final class CliRun {
    private CliRun() {}

    /** Runs {@code args}; prescale's output goes to {@code out}, its errors to {@code err}. */
    public static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = Prescale.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
