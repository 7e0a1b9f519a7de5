package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit codes of the offline commands: 2 when the command line is wrong, 1 when the input data
 * is wrong, the same rule for every command that reads a trace. {@code detect}'s malformed NAB file
 * and missing directory are in {@link DetectCommandTest}.
 */
class OfflineExitCodesTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final int TWO_DAYS_OF_STEPS = 2 * 288;

    @TempDir Path dir;

    private final StringWriter err = new StringWriter();

    /** {@code COMMAND --trace TRACE --metric cpu [--out DIR] MORE...}. */
    private int run(String command, Path trace, String... more) {
        List<String> args =
                new ArrayList<>(List.of(command, "--trace", trace.toString(), "--metric", "cpu"));
        if (command.equals("backtest")) {
            args.addAll(List.of("--out", dir.resolve("out").toString()));
        }
        args.addAll(List.of(more));
        return cli(args.toArray(String[]::new));
    }

    private int cli(String... args) {
        return CliRun.run(new StringWriter(), err, args);
    }

    /** Two days of 5-minute steps of one entity, its value {@code value}. */
    private Path trace(double value) throws IOException {
        StringBuilder b = new StringBuilder("timestamp,entity,metric,value\n");
        for (int t = 0; t < TWO_DAYS_OF_STEPS; t++) {
            b.append(T0.plusSeconds(300L * t)).append(",vm,cpu,").append(value).append('\n');
        }
        return Files.writeString(dir.resolve("trace-" + value + ".csv"), b);
    }

    @Test
    void aBadOptionExits2() throws IOException {
        Path trace = trace(10);
        for (String command : new String[] {"backtest", "forecast-eval"}) {
            assertThat(run(command, trace, "--no-such-option")).as(command).isEqualTo(2);
            assertThat(run(command, trace, "--step", "0")).as(command).isEqualTo(2);
            assertThat(run(command, trace, "--step", "five")).as(command).isEqualTo(2);
            assertThat(run(command, dir.resolve("missing.csv"))).as(command).isEqualTo(2);
            assertThat(run(command, dir)).as(command + " of a directory").isEqualTo(2);
        }
        assertThat(err.toString()).contains("--trace " + dir + ": is a directory, not a file");
        String[] detect = {"detect", "--nab", dir.toString(), "--out", "o", "--no-such-option"};
        assertThat(cli(detect)).isEqualTo(2);
    }

    /**
     * A {@code --topic} Kafka refuses is a usage error of read, replay and send, as of the agent
     * and the job: exit code 2 with the option named, before a broker is asked (none runs here; the
     * port is one nothing listens on).
     */
    @Test
    void aTopicKafkaRefusesExits2BeforeTheBrokerIsAsked() throws IOException {
        Path trace = trace(10);
        String broker = "127.0.0.1:9";
        String[][] commands = {
            {"read", "--bootstrap", broker, "--topic", "a b"},
            {"replay", "--trace", trace.toString(), "--bootstrap", broker, "--topic", "a b"},
            {
                "send",
                "feedback",
                "--bootstrap",
                broker,
                "--topic",
                "a b",
                "--file",
                trace.toString()
            }
        };
        for (String[] command : commands) {
            assertThat(cli(command)).as(command[0]).isEqualTo(2);
        }
        assertThat(err.toString())
                .contains("--topic must be a Kafka topic name")
                .contains("was 'a b'")
                .doesNotContain("answer");
        // samples sent to another of the job's topics are never read as samples
        String[][] samples = {
            {
                "replay",
                "--trace",
                trace.toString(),
                "--bootstrap",
                broker,
                "--topic",
                "prescale.feedback"
            },
            {"agent", "--bootstrap", broker, "--count", "1", "--topic", "prescale.commands"}
        };
        for (String[] command : samples) {
            assertThat(cli(command)).as(command[0]).isEqualTo(2);
        }
        assertThat(err.toString())
                .contains(
                        "--topic prescale.feedback is the job's topics.feedback by default; it"
                                + " reads samples from topics.metrics (prescale.metrics by default)")
                .contains("--topic prescale.commands is the job's topics.commands by default")
                .doesNotContain("answer");
    }

    /**
     * A misspelt option is named, with the option meant, even when a required one is missing too
     * (the missing ones were named alone); help's unknown arguments are refused (exit 0), and help
     * of a misspelt command suggests the command meant, as the misspelt command itself does.
     */
    @Test
    void aMisspeltOptionIsNamedBeforeTheRequiredOnesAndHelpRefusesOne() {
        assertThat(cli("backtest", "--trce", "t.csv")).isEqualTo(2);
        assertThat(err.toString())
                .contains("Unknown options: '--trce', 't.csv'")
                .contains("--trace")
                .doesNotContain("Missing required");
        assertThat(cli("help", "--bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'");
        assertThat(cli("help", "backtest")).isZero();
        // a subcommand's words after it: its help (help's own usage and exit 2 were printed)
        StringWriter usage = new StringWriter();
        assertThat(CliRun.run(usage, err, "help", "infra", "up")).isZero();
        assertThat(usage.toString()).startsWith("Usage: prescale infra ");
        assertThat(cli("help", "infra", "bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("'bogus' is none of infra's: up, down, status, topics");
        assertThat(CliRun.run(usage, err, "help", "send", "Feedback")).isZero();
        assertThat(cli("help", "send", "bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("'bogus' is none of send's: overrides, feedback");
        // infra's actions are taken as written, as infra takes them
        assertThat(cli("help", "infra", "UP")).isEqualTo(2);
        assertThat(cli("help", "run", "bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("'bogus': run has no actions to show the help of");
        assertThat(cli("help", "infra", "up", "down")).isEqualTo(2);
        assertThat(err.toString())
                .contains("'down': help takes one word after infra, the action to show ('up')");
        // a misspelt command is the word to name, not the action after it
        assertThat(cli("help", "Infra", "up")).isEqualTo(2);
        assertThat(err.toString())
                .contains("Unknown command: 'Infra'")
                .doesNotContain("Unmatched argument");
        assertThat(cli("help", "backtst")).isEqualTo(2);
        assertThat(err.toString())
                .contains("Unknown command: 'backtst'")
                .contains("Did you mean: prescale backtest");
    }

    /**
     * A step longer than a day is named as the problem before the trace is read (this one is
     * malformed): backtest blamed --lead, forecast-eval the warm-up after computing.
     */
    @Test
    void aStepLongerThanADayIsNamedBeforeTheTraceIsRead() throws IOException {
        Path trace =
                Files.writeString(
                        dir.resolve("bad.csv"),
                        "timestamp,entity,metric,value\nyesterday,a,cpu,1\n");
        for (String step : new String[] {"86401", "99999999999", "9223372036854775807"}) {
            for (String command : new String[] {"backtest", "forecast-eval"}) {
                assertThat(run(command, trace, "--step", step))
                        .as(command + " --step " + step)
                        .isEqualTo(2);
            }
            assertThat(err.toString())
                    .contains("--step must be at most a day (86400 s), was " + step);
        }
        assertThat(err.toString()).doesNotContain("--lead must").doesNotContain("bad.csv:2");
    }

    @Test
    void aMalformedTraceExits1() throws IOException {
        Path trace =
                Files.writeString(
                        dir.resolve("bad.csv"),
                        "timestamp,entity,metric,value\nyesterday,a,cpu,1\n");
        for (String command : new String[] {"backtest", "forecast-eval"}) {
            assertThat(run(command, trace)).as(command).isEqualTo(1);
        }
        assertThat(err.toString()).contains("bad.csv:2: timestamp 'yesterday'");
    }

    /**
     * A value the job would dead-letter is wrong data, named by file and line as NaN is: 1e308 in
     * one row made the backtest's allocations NaN and costs infinite, and exited 0.
     */
    @Test
    void aValueBeyondTheJobsBoundExits1NamingItsLine() throws IOException {
        Path trace = trace(10);
        List<String> lines = new ArrayList<>(Files.readAllLines(trace));
        lines.set(101, lines.get(101).replace(",10.0", ",1e308"));
        Files.write(trace, lines);
        for (String command : new String[] {"backtest", "forecast-eval"}) {
            assertThat(run(command, trace)).as(command).isEqualTo(1);
        }
        assertThat(err.toString())
                .contains(trace + ":102: value '1e308' is out of range [-1e18, 1e18]");
    }

    /**
     * A negative demand is wrong data for the backtest (its cost Σa/Σd means nothing); a forecast
     * of a metric that may go below zero means something, so forecast-eval scores it.
     */
    @Test
    void aNegativeDemandExits1InTheBacktestAndIsForecast() throws IOException {
        Path trace = trace(-1.5);

        assertThat(run("backtest", trace)).isEqualTo(1);
        assertThat(err.toString())
                .contains(trace + ":2: cpu of vm is -1.5 at 2024-01-01T00:00:00Z")
                .contains("a demand cannot be negative");
        assertThat(run("forecast-eval", trace)).as(err.toString()).isZero();
    }

    /**
     * A warm-up of more steps than an int holds leaves no step to score, as a shorter one too long
     * for the trace does: it wrapped to a negative warm-up (backtest: an index out of bounds, exit
     * 1; forecast-eval: every step scored, exit 0).
     */
    @Test
    void aWarmUpOfMoreStepsThanAnIntHoldsLeavesNoStepToScore() throws IOException {
        Path trace = trace(10);
        for (String days : new String[] {"1e8", "1e10", "1e300"}) {
            for (String command : new String[] {"backtest", "forecast-eval"}) {
                assertThat(run(command, trace, "--warmup-days", days))
                        .as(command + " --warmup-days " + days)
                        .isEqualTo(2);
            }
        }
        assertThat(err.toString())
                .contains("--warmup-days 1.0E8 (28800000000 steps) leaves no step to score")
                .contains(
                        "--warmup-days 1.0E10 (2880000000000 steps of 300 s) leaves no step to"
                                + " score at --horizon 2: the longest entity of ")
                .contains(" spans 576 steps")
                .doesNotContain("out of bounds");
    }

    /** A count of one is said in the singular: "which has 1 steps", "1 entities". */
    @Test
    void aCountOfOneIsSaidInTheSingular() throws IOException {
        Path one =
                Files.writeString(
                        dir.resolve("one.csv"),
                        "timestamp,entity,metric,value\n" + T0 + ",vm,cpu,1\n");
        assertThat(run("backtest", one)).isEqualTo(2);
        assertThat(run("forecast-eval", one)).isEqualTo(2);
        assertThat(err.toString())
                .contains("--lead 2 must be shorter than the trace, which has 1 step of --step 300")
                .contains("--warmup-days 1.0 (288 steps of 300 s) leaves no step to score")
                .contains(" spans 1 step,");

        StringWriter out = new StringWriter();
        String[] args = {"forecast-eval", "--trace", trace(10).toString(), "--metric", "cpu"};
        assertThat(CliRun.run(out, err, args)).isZero();
        assertThat(out.toString())
                .contains(
                        "horizon 2 steps: 1 entity, 288 entity-steps scored; the first 288 steps");
    }

    /** The data is fine and so is the option alone: the combination is the command line's. */
    @Test
    void anOptionTheTraceCannotSatisfyExits2() throws IOException {
        Path trace = trace(10);
        for (String command : new String[] {"backtest", "forecast-eval"}) {
            assertThat(run(command, trace, "--warmup-days", "3")).as(command).isEqualTo(2);
        }
        assertThat(cli("forecast-eval", "--trace", trace.toString(), "--metric", "memory"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no rows for metric 'memory'; its metrics are cpu");
    }
}
