package io.prescale.it.services;

import io.prescale.cli.Prescale;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs a prescale command that talks to a broker in the test's JVM, keeping what it says. */
public final class BrokerCommands {
    private BrokerCommands() {}

    /**
     * Runs {@code prescale COMMAND --bootstrap BOOTSTRAP ARGS...}; its errors go to {@code err},
     * and then to the test's stderr for its log.
     */
    public static int run(StringWriter err, String command, String bootstrap, String... args) {
        return run(new StringWriter(), err, command, bootstrap, args);
    }

    /** As {@link #run(StringWriter, String, String, String...)}, keeping stdout too. */
    public static int run(
            StringWriter out, StringWriter err, String command, String bootstrap, String... args) {
        CommandLine cli = Prescale.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(command, "--bootstrap", bootstrap));
        all.addAll(List.of(args));
        int code = cli.execute(all.toArray(String[]::new));
        System.err.print(err);
        return code;
    }
}
