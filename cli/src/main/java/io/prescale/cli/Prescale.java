package io.prescale.cli;

import io.prescale.ml.trace.UnsatisfiableOptionException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code prescale} command. */
@Command(
        name = "prescale",
        mixinStandardHelpOptions = true,
        version = "prescale 0.1.0",
        description = "Allocates compute resources before demand arrives.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done.",
            "1:the input data is wrong (a malformed trace or NAB file, a negative demand, stray"
                    + " timestamps, a record prescale send refuses: then it sends none) or the"
                    + " run failed.",
            "2:the command line is wrong: an unknown option, a missing or out-of-range value, a"
                    + " file or directory that does not exist, cannot be read or written or is"
                    + " of the wrong kind, or a value the data cannot satisfy (a metric the trace"
                    + " lacks, a lead or warm-up as long as the trace, a --match no file"
                    + " matches)."
        },
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            ActuateCommand.class,
            BacktestCommand.class,
            DetectCommand.class,
            ForecastEvalCommand.class,
            AgentCommand.class,
            ReplayCommand.class,
            SendCommand.class,
            ReadCommand.class,
            InfraCommand.class,
            TestCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Prescale implements Callable<Integer> {

    /** The help of the offline commands' {@code --trace}. */
    static final String TRACE_HELP =
            "Trace CSV(.gz), timestamp,entity,metric,value. Unquoted fields are trimmed (a and ' a '"
                    + " are one entity); a field in double quotes is kept as written (\" a \" is"
                    + " another).";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** No command given: bad usage, so the usage goes to stderr and the exit code is 2. */
    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        cli.getErr().println("prescale: a command is required");
        cli.usage(cli.getErr());
        return 2;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the command line; failures are one line on stderr naming what went wrong (the stack
     * trace too when {@code PRESCALE_DEBUG} is set). Exit code 2 when the command line is wrong
     * (picocli's usage errors, a {@link CommandLine.ParameterException} from a command's checks, an
     * {@link UnsatisfiableOptionException} from the run), 1 when the input data is wrong or the run
     * fails otherwise (a {@link io.prescale.ml.trace.TraceFormatException}, an I/O error).
     */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The command line {@link #execute} runs, for callers that set its out and err. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Prescale());
        cli.setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                    if (e instanceof UnsatisfiableOptionException) {
                        // found only once the data is read, but another option is the way out
                        return cmd.getParameterExceptionHandler()
                                .handleParseException(
                                        new CommandLine.ParameterException(cmd, e.getMessage(), e),
                                        parsed.originalArgs().toArray(String[]::new));
                    }
                    cmd.getErr().println("prescale " + cmd.getCommandName() + ": " + describe(e));
                    if (System.getenv("PRESCALE_DEBUG") != null) {
                        e.printStackTrace(cmd.getErr());
                    }
                    return 1;
                });
        OptionNumbers.register(cli);
        // a misspelt option is the mistake to name, not the required option it was meant to be
        cli.setParameterExceptionHandler((e, args) -> usageError(misspelt(e)));
        CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();
        cli.setExecutionStrategy(
                parsed -> {
                    // picocli lets a help command's unknown arguments through (help --bogus ran)
                    CommandLine.ParseResult last = parsed;
                    while (last.hasSubcommand()) {
                        last = last.subcommand();
                    }
                    CommandLine parent = last.commandSpec().commandLine().getParent();
                    String asked =
                            last.commandSpec().userObject() instanceof CommandLine.HelpCommand
                                    ? last.matchedPositionalValue(0, null)
                                    : null;
                    boolean known = asked != null && parent.getSubcommands().containsKey(asked);
                    // help of a misspelt command: told as the misspelt command, with picocli's
                    // suggestions (it printed the whole usage under "Unknown subcommand"),
                    // before any word after it (help Infra up blamed up)
                    if (asked != null && !known) {
                        throw new CommandLine.UnmatchedArgumentException(parent, List.of(asked)) {
                            @Override
                            public String getMessage() {
                                // picocli's says "at index 2147483647": the parent parsed no more
                                return "Unknown command: '" + asked + "'";
                            }
                        };
                    }
                    // help infra up: the command's help, as git help remote add gives git remote's
                    boolean onlyWords = last.unmatched().stream().noneMatch(a -> a.startsWith("-"));
                    if (!last.unmatched().isEmpty() && !(known && onlyWords)) {
                        throw new CommandLine.UnmatchedArgumentException(
                                last.commandSpec().commandLine(), last.unmatched());
                    }
                    if (known && !last.unmatched().isEmpty()) {
                        requireAction(parent.getSubcommands().get(asked), last.unmatched());
                    }
                    return runLast.execute(parsed);
                });
        // the subcommands' -V/--version print the same line as prescale's (they printed nothing)
        String[] version = cli.getCommandSpec().version();
        for (CommandLine sub : cli.getSubcommands().values()) {
            sub.getCommandSpec().version(version);
        }
        // the jobs' own options (-Dkey=value, --key value, --config FILE) are theirs to read:
        // picocli would refuse them as unknown options of its own
        for (String job : new String[] {"run", "actuate"}) {
            cli.getSubcommands().get(job).setUnmatchedOptionsArePositionalParams(true);
        }
        // prescale send overrides|feedback|metrics: the kinds are written in lower case
        cli.getSubcommands().get("send").setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    /**
     * {@code help infra bogus}: {@code word} must be one of the actions {@code command}'s first
     * parameter takes, in the case it takes them (infra's help came, and not a word on bogus); a
     * command without actions takes no word ({@code help run bogus} showed run's help), and one
     * with them one word.
     */
    private static void requireAction(CommandLine command, List<String> words) {
        String word = words.get(0);
        boolean anyCase = command.isCaseInsensitiveEnumValuesAllowed();
        List<String> actions = new ArrayList<>();
        command.getCommandSpec().positionalParameters().stream()
                .findFirst()
                .map(CommandLine.Model.PositionalParamSpec::completionCandidates)
                .ifPresent(
                        candidates ->
                                candidates.forEach(
                                        a ->
                                                actions.add(
                                                        anyCase ? a.toLowerCase(Locale.ROOT) : a)));
        String name = command.getCommandName();
        if (actions.isEmpty()) {
            throw new CommandLine.ParameterException(
                    command, "'" + word + "': " + name + " has no actions to show the help of");
        }
        if (actions.stream().noneMatch(a -> anyCase ? a.equalsIgnoreCase(word) : a.equals(word))) {
            throw new CommandLine.ParameterException(
                    command,
                    "'" + word + "' is none of " + name + "'s: " + String.join(", ", actions));
        }
        if (words.size() > 1) {
            // help infra up down showed up's help, and not a word on down
            throw new CommandLine.ParameterException(
                    command,
                    "'"
                            + words.get(1)
                            + "': help takes one word after "
                            + name
                            + ", the action to show ('"
                            + word
                            + "')");
        }
    }

    /**
     * A usage error: its message, then picocli's suggestions for a misspelt option or command, or
     * else the command's synopsis and where its options are told (the whole usage, some 40 lines
     * for run, buried the one line that said what was wrong); exit code 2.
     */
    private static int usageError(CommandLine.ParameterException e) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String command = unknownCommand(e);
        // prescale bogus: "Unmatched argument at index 0", and no word of the commands there are
        err.println(command == null ? e.getMessage() : "Unknown command: '" + command + "'");
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            if (command != null) {
                err.println("Commands: " + String.join(", ", cmd.getSubcommands().keySet()));
            }
            CommandLine.Help help = cmd.getHelp();
            err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
            err.println(
                    "Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for its options.");
        }
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The word given where a command that has commands and no parameters takes one, or null. */
    private static String unknownCommand(CommandLine.ParameterException e) {
        CommandLine cmd = e.getCommandLine();
        if (e instanceof CommandLine.UnmatchedArgumentException u
                && !cmd.getSubcommands().isEmpty()
                && cmd.getCommandSpec().positionalParameters().isEmpty()
                && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            return u.getUnmatched().get(0);
        }
        return null;
    }

    /** A usage error that also left arguments unmatched, told as those arguments. */
    private static CommandLine.ParameterException misspelt(CommandLine.ParameterException e) {
        CommandLine cmd = e.getCommandLine();
        List<String> unmatched = cmd.getUnmatchedArguments();
        return e instanceof CommandLine.UnmatchedArgumentException
                        || unmatched.isEmpty()
                        || cmd.isUnmatchedArgumentsAllowed()
                ? e
                : new CommandLine.UnmatchedArgumentException(cmd, unmatched);
    }

    static String describe(Throwable e) {
        if (e instanceof FileSystemException f) {
            // their message is only the path: say what is wrong with it
            return f.getFile() + ": " + reason(f);
        }
        if (e instanceof UncheckedIOException && e.getCause() instanceof FileSystemException f) {
            return describe(f);
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.toString() : message;
    }

    /** What is wrong with a file, without its path (for a message that names it already). */
    static String reason(FileSystemException f) {
        if (f.getReason() != null) {
            return f.getReason();
        }
        if (f instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (f instanceof FileAlreadyExistsException) {
            return "exists already";
        }
        if (f instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (f instanceof NotDirectoryException) {
            return "not a directory";
        }
        return f.getClass().getSimpleName();
    }
}
