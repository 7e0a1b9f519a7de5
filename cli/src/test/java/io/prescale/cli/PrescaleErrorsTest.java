package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a command prints when it fails: the reason, not only a path. */
class PrescaleErrorsTest {
    @TempDir Path dir;

    @Test
    void aFileSystemErrorSaysWhatIsWrongWithThePath() {
        assertThat(Prescale.describe(new FileAlreadyExistsException("out")))
                .isEqualTo("out: exists already");
        assertThat(Prescale.describe(new UncheckedIOException(new AccessDeniedException("/x"))))
                .isEqualTo("/x: permission denied");
        assertThat(Prescale.describe(new IOException("disk full"))).isEqualTo("disk full");
    }

    /** A lone % in a description made picocli warn "Could not format" whenever help was shown. */
    @Test
    void everyHelpRendersWithoutFormatWarnings() {
        java.io.PrintStream before = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true));
        try {
            CommandLine cli = Prescale.commandLine();
            assertThat(cli.getUsageMessage()).contains("Exit codes:");
            for (CommandLine sub : cli.getSubcommands().values()) {
                assertThat(sub.getUsageMessage()).contains("Usage: prescale");
            }
        } finally {
            System.setErr(before);
        }
        assertThat(err.toString()).doesNotContain("Could not format");
    }

    @Test
    void everySubcommandPrintsTheVersion() {
        CommandLine cli = Prescale.commandLine();
        for (String sub : new String[] {"backtest", "forecast-eval", "detect", "agent", "demo"}) {
            StringWriter out = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            assertThat(cli.execute(sub, "-V")).isZero();
            assertThat(out.toString()).as(sub).startsWith("prescale 0.1.0");
        }
    }

    @Test
    void forecastEvalWritingJsonIntoAFileNamesTheReason() throws Exception {
        Path trace = dir.resolve("t.csv");
        StringBuilder csv = new StringBuilder("timestamp,entity,metric,value\n");
        for (int i = 0; i < 2 * 288 + 10; i++) {
            csv.append(java.time.Instant.ofEpochSecond(1_483_228_800L + 300L * i))
                    .append(",vm,cpu,")
                    .append(40 + i % 7)
                    .append('\n');
        }
        Files.writeString(trace, csv);
        Path notADirectory = dir.resolve("plain");
        Files.writeString(notADirectory, "x");
        StringWriter err = new StringWriter();

        int code =
                CliRun.run(
                        new StringWriter(),
                        err,
                        "forecast-eval",
                        "--trace",
                        trace.toString(),
                        "--metric",
                        "cpu",
                        "--json",
                        notADirectory.resolve("r.json").toString());

        assertThat(code).as("checked before the forecasting, a usage error").isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "--json "
                                + notADirectory.resolve("r.json")
                                + ": its directory "
                                + notADirectory
                                + " is a file, not a directory");
    }

    /** An output path that is empty, or a directory, is refused before the trace is read. */
    @Test
    void emptyOrDirectoryOutputPathsAreRefusedBeforeTheWork() {
        String[][] cases = {
            {"backtest", "--out", "", "--out : must not be empty"},
            {"forecast-eval", "--json", "", "--json : must not be empty"},
            {"forecast-eval", "--json", ".", "--json .: is a directory, not a file"},
            // opening a pipe or device to write could wait for ever (a tester's FIFO hung)
            {"forecast-eval", "--points", "/dev/zero", "--points /dev/zero: is not a regular file"}
        };
        for (String[] c : cases) {
            StringWriter err = new StringWriter();
            CommandLine cli = Prescale.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(c[0], "--trace", "missing.csv", "--metric", "cpu", c[1], c[2]);
            assertThat(code).as(String.join(" ", c)).isEqualTo(2);
            assertThat(err.toString()).as(String.join(" ", c)).contains(c[3]);
        }
    }

    /** Double.valueOf would take them: a type suffix, a hexadecimal float, NaN. */
    @Test
    void aNumberThatIsNotDecimalIsRefusedNamingTheOption() {
        String[][] cases = {
            {"--target-violation", "12d", "backtest", "--out", "o"},
            {"--warmup-days", "0x1p3", "backtest", "--out", "o"},
            {"--cost-ratio", "NaN", "backtest", "--out", "o"},
            {"--warmup-days", "1f", "forecast-eval"}
        };
        for (String[] c : cases) {
            StringWriter err = new StringWriter();
            CommandLine cli = Prescale.commandLine();
            cli.setErr(new PrintWriter(err, true));
            List<String> args = new ArrayList<>(Arrays.asList(c).subList(2, c.length));
            args.addAll(List.of("--trace", "t.csv", "--metric", "cpu", c[0], c[1]));
            int code = cli.execute(args.toArray(String[]::new));
            assertThat(code).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString())
                    .contains(
                            "Invalid value for option '"
                                    + c[0]
                                    + "': '"
                                    + c[1]
                                    + "' is not a decimal number");
        }
        assertThat(OptionNumbers.decimal("-.5e-3")).isEqualTo(-0.0005);
        assertThat(OptionNumbers.decimal("5")).isEqualTo(5.0);
        assertThat(Double.doubleToRawLongBits(OptionNumbers.decimal("-0.0")))
                .as("-0 is 0")
                .isZero();
        assertThatThrownBy(() -> OptionNumbers.decimal("1e400"))
                .hasMessage("'1e400' is beyond the range of a number (about 1.8e308)");
        assertThatThrownBy(() -> OptionNumbers.decimal("1e-400"))
                .hasMessage(
                        "'1e-400' is nearer 0 than a number can be (about 4.9e-324) but is not 0");
        assertThat(OptionNumbers.decimal("0.000e-400")).isZero();
        // blanks around a number are no part of it, as around a job option's
        assertThat(OptionNumbers.decimal(" 0.05 ")).isEqualTo(0.05);
        assertThat(OptionNumbers.integer(" 2 ")).isEqualTo(2);
    }

    /**
     * Integer.parseInt would take any Unicode digit (Arabic-Indic, fullwidth): an integer option is
     * ASCII digits with an optional sign, in its type's range, for every command.
     */
    @Test
    void anIntegerThatIsNotAsciiDigitsIsRefusedNamingTheOption() {
        String notDigits = "is not a whole number in ASCII digits";
        String[][] cases = {
            {"--lead", "\u0663", notDigits, "backtest", "--out", "o"},
            {"--step", "\uFF13\uFF10\uFF10", notDigits, "backtest", "--out", "o"},
            {"--horizon", "2.0", notDigits, "forecast-eval"},
            {"--horizon", "0x2", notDigits, "forecast-eval"},
            {"--horizon", "3 4", notDigits, "forecast-eval"},
            {"--horizon", "2147483648", "is beyond the range", "forecast-eval"},
            {"--step", "9223372036854775808", "is beyond the range", "forecast-eval"}
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(Arrays.asList(c).subList(3, c.length));
            args.addAll(List.of("--trace", "t.csv", "--metric", "cpu", c[0], c[1]));
            assertRefused(args, c[0], c[1], c[2]);
        }
        assertRefused(List.of("demo", "--entities", "\u0968"), "--entities", "\u0968", notDigits);
        assertThat(OptionNumbers.integer("+7")).isEqualTo(7);
        assertThat(OptionNumbers.integer("-2147483648")).isEqualTo(Integer.MIN_VALUE);
        assertThat(OptionNumbers.longInteger("-0")).isZero();
    }

    private static void assertRefused(
            List<String> args, String option, String value, String reason) {
        StringWriter err = new StringWriter();
        int code = CliRun.run(new StringWriter(), err, args.toArray(String[]::new));
        assertThat(code).as(String.join(" ", args)).isEqualTo(2);
        assertThat(err.toString())
                .as(String.join(" ", args))
                .contains("Invalid value for option '" + option + "': '" + value + "' " + reason);
    }

    @Test
    void noCommandPrintsTheUsageAndExits2() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        assertThat(CliRun.run(out, err)).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("prescale: a command is required")
                .contains("Usage: prescale", "backtest");
        assertThat(out.toString()).isEmpty();
    }
}
