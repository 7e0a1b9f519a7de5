package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prescale detect} end to end on a NAB-layout directory written by the test. */
class DetectCommandTest {
    private static final DateTimeFormatter NAB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final LocalDateTime T0 = LocalDateTime.of(2014, 2, 14, 14, 30);

    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CliRun.run(out, err, args);
    }

    /** 2000 points of noise around 40 with a jump to 90 at row 1500; window around the jump. */
    private void writeCorpus() throws Exception {
        Path data = dir.resolve("nab/data/sub");
        Files.createDirectories(data);
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        Random r = new Random(1);
        for (int i = 0; i < 2000; i++) {
            double v = (i < 1500 ? 40 : 90) + 2 * r.nextGaussian();
            csv.append(NAB.format(T0.plusMinutes(5L * i))).append(',').append(v).append('\n');
        }
        Files.writeString(data.resolve("jump.csv"), csv);
        String start = NAB.format(T0.plusMinutes(5L * 1400));
        String end = NAB.format(T0.plusMinutes(5L * 1600));
        Files.writeString(
                dir.resolve("nab/windows.json"),
                "{\"sub/jump.csv\": [[\"" + start + ".000000\", \"" + end + ".000000\"]]}");
    }

    /** Runs detect on the corpus of {@link #writeCorpus} into {@code out}. */
    private int detectCorpus(Path out) {
        return run("detect", "--nab", dir.resolve("nab/data").toString(), "--out", out.toString());
    }

    @Test
    void writesResultsAtTheSameRelativePathAndPrintsTheThreeProfiles() throws Exception {
        writeCorpus();
        Path results = dir.resolve("results");
        int code = detectCorpus(results);
        assertThat(code).as(err.toString()).isZero();
        List<String> lines = Files.readAllLines(results.resolve("sub/jump.csv"));
        assertThat(lines).hasSize(2001);
        assertThat(lines.get(0)).isEqualTo("timestamp,value,anomaly_score");
        assertThat(lines.get(1)).startsWith("2014-02-14 14:30:00,");
        assertThat(out.toString())
                .contains("windows: ")
                .contains("NAB standard")
                .contains("NAB reward_low_FP_rate")
                .contains("NAB reward_low_FN_rate");
        // the jump is the only event: detected at its onset, near the middle of the window
        assertThat(out.toString()).containsPattern("NAB standard +(8|9)\\d\\.\\d\\d");
        assertThat(err.toString()).contains("[1/1] sub/jump.csv");
    }

    /**
     * The ninety-second tester's gzipped corpus (files named *.csv.gz) was skipped in silence: such
     * a file is read as its plain self, its results written and its windows found under the name
     * without .gz, with the same scores; a series given both ways is refused.
     */
    @Test
    void aGzippedFileIsReadAsItsPlainSelf() throws Exception {
        writeCorpus();
        Path plain = dir.resolve("nab/data/sub/jump.csv");
        assertThat(detectCorpus(dir.resolve("plain"))).as(err.toString()).isZero();
        String scores = out.toString();
        try (OutputStream gz =
                new GZIPOutputStream(
                        Files.newOutputStream(dir.resolve("nab/data/sub/jump.csv.gz")))) {
            Files.copy(plain, gz);
        }
        assertThat(detectCorpus(dir.resolve("both"))).isEqualTo(2);
        assertThat(err.toString()).contains("one series twice (plain and gzipped): keep one");

        Files.delete(plain);
        out.getBuffer().setLength(0);
        assertThat(detectCorpus(dir.resolve("gzipped"))).as(err.toString()).isZero();
        assertThat(out.toString().replace("gzipped", "plain")).isEqualTo(scores);
        assertThat(dir.resolve("gzipped/sub/jump.csv"))
                .hasSameTextualContentAs(dir.resolve("plain/sub/jump.csv"));
        for (String match : new String[] {"sub/jump.csv", "sub/jump.csv.gz"}) {
            String[] args = {
                "detect",
                "--nab",
                dir.resolve("nab/data").toString(),
                "--out",
                dir.resolve("m").toString(),
                "--match",
                match
            };
            assertThat(run(args)).as("--match " + match).isZero();
        }
    }

    /**
     * The scores at the job's alert threshold are printed beside the sweep's best (the jump scores
     * 1, so it is detected at 0.95 too), and --alert-threshold moves it; outside (0, 1] it is a
     * usage error.
     */
    /**
     * A pipe named like a data file is skipped with a word, not in silence; a directory so named is
     * walked into, without one.
     */
    @Test
    void aCsvThatIsNotARegularFileIsNamedAndSkipped() throws Exception {
        writeCorpus();
        Files.createDirectories(dir.resolve("nab/data/dir.csv"));
        Path pipe = dir.resolve("nab/data/odd.csv");
        Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        assertThat(detectCorpus(dir.resolve("results"))).as(err.toString()).isZero();
        assertThat(err.toString())
                .contains("note: odd.csv is not a regular file (a pipe or device): skipped")
                .doesNotContain("dir.csv")
                .contains("[1/1] sub/jump.csv");
    }

    @Test
    void printsTheScoresAtTheAlertThreshold() throws Exception {
        writeCorpus();
        assertThat(detectCorpus(dir.resolve("results"))).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains(
                        "at --alert-threshold 0.95 (the job's default alerts.raise-above):"
                                + " windows 1/1, false positives 0, 0.000 per series-day")
                .containsPattern("NAB standard +\\d+\\.\\d\\d +\\(threshold 0\\.950000");

        out.getBuffer().setLength(0);
        String data = dir.resolve("nab/data").toString();
        String r2 = dir.resolve("r2").toString();
        assertThat(run("detect", "--nab", data, "--out", r2, "--alert-threshold", "0.001"))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .containsPattern(
                        "at --alert-threshold 0.001 \\(as alerts.raise-above would alert at"
                                + " it\\): windows 1/1, false positives [1-9]");

        for (String bad : new String[] {"0", "1.5", "-0.5"}) {
            assertThat(run("detect", "--nab", data, "--out", r2, "--alert-threshold", bad))
                    .isEqualTo(2);
            assertThat(err.toString())
                    .contains("--alert-threshold " + Double.parseDouble(bad) + " is not in (0, 1]");
        }
        assertThat(run("detect", "--nab", data, "--out", r2, "--alert-threshold", "x"))
                .isEqualTo(2);
    }

    /** A labelled window beyond the file's data is named: NAB counts it neither way. */
    @Test
    void aWindowOutsideTheDataIsNamed() throws Exception {
        writeCorpus();
        String start = NAB.format(T0.plusMinutes(5L * 1400));
        String end = NAB.format(T0.plusMinutes(5L * 1600));
        Files.writeString(
                dir.resolve("nab/windows.json"),
                "{\"sub/jump.csv\": [[\""
                        + start
                        + ".000000\", \""
                        + end
                        + ".000000\"], [\"2030-01-01 00:00:00.000000\","
                        + " \"2030-01-02 00:00:00.000000\"]]}");
        int code = detectCorpus(dir.resolve("results"));
        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString())
                .contains(
                        "warning: 1 of the 2 labelled windows of sub/jump.csv hold no scored row");
    }

    /**
     * A window that runs past the file's last row (a file cut short) and bounds that are no row's
     * timestamp are scored by time, with a warning each (the seventeenth tester: silent before);
     * the corpus's own windows, on row timestamps within the data, get none.
     */
    @Test
    void windowsPastTheRowsOrOffTheRowsAreNamed() throws Exception {
        writeCorpus();
        assertThat(detectCorpus(dir.resolve("r1"))).as(err.toString()).isZero();
        assertThat(err.toString()).doesNotContain("run past").doesNotContain("no row's timestamp");
        String start = NAB.format(T0.plusMinutes(5L * 1900).plusSeconds(150));
        String end = NAB.format(T0.plusMinutes(5L * 2100));
        Files.writeString(
                dir.resolve("nab/windows.json"),
                "{\"sub/jump.csv\": [[\"" + start + ".000000\", \"" + end + ".000000\"]]}");
        assertThat(detectCorpus(dir.resolve("r2"))).as(err.toString()).isZero();
        assertThat(err.toString())
                .contains("warning: 1 of the 1 labelled windows of sub/jump.csv run past its rows")
                .contains("warning: 1 window bound of sub/jump.csv is no row's timestamp");
    }

    @Test
    void malformedCsvNamesFileLineAndField() throws Exception {
        Path data = dir.resolve("bad");
        Files.createDirectories(data);
        Files.writeString(
                data.resolve("x.csv"),
                "timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:05:00,oops\n");
        int code = run("detect", "--nab", data.toString(), "--out", dir.resolve("o").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("x.csv:3: field value: 'oops' is not a number");
        assertThat(dir.resolve("o")).as("a refused input leaves no empty --out").doesNotExist();
    }

    @Test
    void missingDirectoryIsAUsageError() {
        int code = run("detect", "--nab", dir.resolve("nope").toString(), "--out", dir.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("is not a directory");
    }

    /**
     * A --windows or --profiles file that is missing, a directory or unreadable is the command
     * line's mistake, named with its option before any work, as --trace's is.
     */
    @Test
    void aWindowsOrProfilesFileThatCannotBeReadIsAUsageError() throws Exception {
        writeCorpus();
        Path missing = dir.resolve("missing.json");
        assertThat(detectWith("--windows", missing.toString())).isEqualTo(2);
        assertThat(detectWith("--profiles", dir.toString())).isEqualTo(2);
        Path locked = Files.writeString(dir.resolve("locked.json"), "{}");
        Files.setPosixFilePermissions(locked, Set.of());
        boolean lockedOut = !Files.isReadable(locked);
        int lockedCode = detectWith("--profiles", locked.toString());
        assertThat(err.toString())
                .contains("--windows " + missing + ": no such file")
                .contains("--profiles " + dir + ": is a directory, not a file")
                .doesNotContain("[1/1]");
        Assumptions.assumeTrue(lockedOut, "root reads a file whatever its permissions");
        assertThat(lockedCode).isEqualTo(2);
        assertThat(err.toString()).contains("--profiles " + locked + ": is not readable");
    }

    /** A malformed profiles file is wrong data (exit code 1), named before the files are scored. */
    @Test
    void aMalformedProfilesFileIsNamedBeforeAnyWork() throws Exception {
        writeCorpus();
        Path profiles = Files.writeString(dir.resolve("profiles.json"), "{\n  standard: 1}");
        assertThat(detectWith("--profiles", profiles.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains(profiles + ":2: not valid JSON at column 3: Unexpected character ('s'")
                .doesNotContain("[1/1]");
    }

    /** Runs detect on the corpus of {@link #writeCorpus} with one more option. */
    private int detectWith(String option, String value) {
        String data = dir.resolve("nab/data").toString();
        return run("detect", "--nab", data, "--out", dir.resolve("r").toString(), option, value);
    }

    /** {@code --match} scores only the matching files; a pattern matching none is named. */
    @Test
    void matchSelectsFilesByRelativePath() throws Exception {
        writeCorpus();
        Files.copy(dir.resolve("nab/data/sub/jump.csv"), dir.resolve("nab/data/sub/other.csv"));
        String data = dir.resolve("nab/data").toString();
        String results = dir.resolve("results").toString();
        int code = run("detect", "--nab", data, "--out", results, "--match", "sub/j.*");
        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("[1/1] sub/jump.csv").doesNotContain("other.csv");
        assertThat(dir.resolve("results/sub/other.csv")).doesNotExist();

        code = run("detect", "--nab", data, "--out", results, "--match", "nothing.*");
        assertThat(code).as("the data is fine, the option is not").isEqualTo(2);
        assertThat(err.toString()).contains("matches --match nothing.*");

        code = run("detect", "--nab", data, "--out", results, "--match", "(");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--match '(' is not a regular expression");
    }

    /**
     * The Isolation Forest scores the same corpus: highest at the jump, a clear error for a typo.
     */
    @Test
    void isolationForestScoresTheJump() throws Exception {
        writeCorpus();
        String data = dir.resolve("nab/data").toString();
        Path results = dir.resolve("results");
        int code =
                run("detect", "--nab", data, "--out", results.toString(), "--detector", "iforest");
        assertThat(code).as(err.toString()).isZero();
        List<String> lines = Files.readAllLines(results.resolve("sub/jump.csv"));
        assertThat(lines).hasSize(2001);
        double[] scores =
                lines.stream()
                        .skip(1)
                        .mapToDouble(l -> Double.parseDouble(l.split(",")[2]))
                        .toArray();
        assertThat(Arrays.stream(scores).min().orElseThrow()).isGreaterThanOrEqualTo(0);
        assertThat(Arrays.stream(scores).max().orElseThrow()).isLessThanOrEqualTo(1);
        // nothing before the first fit (64 rows); the highest score is at the jump's first rows
        assertThat(Arrays.copyOf(scores, 64)).containsOnly(0.0);
        int top = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[top]) {
                top = i;
            }
        }
        assertThat(top).isBetween(1500, 1502);
        assertThat(out.toString()).contains("NAB standard");

        code = run("detect", "--nab", data, "--out", results.toString(), "--detector", "forest");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--detector").contains("combined, iforest");
    }

    /** Results under --nab would replace the data or be read as data: refused before any work. */
    @Test
    void outEqualToOrInsideNabIsRefused() throws Exception {
        writeCorpus();
        Path data = dir.resolve("nab/data");
        for (Path results : List.of(data, data.resolve("results"), data.resolve("sub/../."))) {
            int code = run("detect", "--nab", data.toString(), "--out", results.toString());
            assertThat(code).as(results.toString()).isEqualTo(2);
            assertThat(err.toString())
                    .contains(
                            "--out "
                                    + results
                                    + " must not be --nab "
                                    + data
                                    + " or a directory inside it");
        }
        assertThat(data.resolve("results")).doesNotExist();
    }

    /**
     * {@code --out} above {@code --nab} would put {@code sub/jump.csv}'s results on a data file.
     */
    @Test
    void outWhoseResultsWouldLandOnADataFileIsRefused() throws Exception {
        writeCorpus();
        Path sub = dir.resolve("nab/data/sub");
        Files.createDirectories(sub.resolve("sub"));
        Files.copy(sub.resolve("jump.csv"), sub.resolve("sub/jump.csv"));
        byte[] before = Files.readAllBytes(sub.resolve("jump.csv"));
        Path out = dir.resolve("nab/data");
        int code = run("detect", "--nab", sub.toString(), "--out", out.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "--out " + out + " would write the results of sub/jump.csv over the data");
        assertThat(Files.readAllBytes(sub.resolve("jump.csv"))).isEqualTo(before);
    }

    @Test
    void outThatIsAFileIsRefusedBeforeAnyWork() throws Exception {
        writeCorpus();
        Path file = Files.writeString(dir.resolve("plain"), "x");
        int code = detectCorpus(file);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("--out " + file + ": is a file, not a directory")
                .doesNotContain("[1/1]");
    }

    /**
     * /proc passes access(2)'s check of writability for root, though nothing can be created in it:
     * refused up front too (it failed after the work, as root).
     */
    @Test
    void outWhereNothingCanBeCreatedIsRefusedBeforeAnyWork() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc");
        writeCorpus();
        int code = detectCorpus(Path.of("/proc"));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--out /proc: is not writable").doesNotContain("[1/1]");
    }

    /** What CombinedDetector combines, as its javadoc and the README say: no robust z-score. */
    @Test
    void helpNamesTheMembersOfTheCombination() {
        assertThat(run("detect", "--help")).isZero();
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help)
                .contains(
                        "forecast residual, CUSUM, level rarity, seasonal envelope; the robust"
                                + " z-score is not part of it");
    }

    /**
     * An entry for a file that is not under --nab is named; a same-named file in another directory
     * does not take the windows of sub/jump.csv.
     */
    @Test
    void windowsOfNoFileAreNamedAndNotGivenBySameName() throws Exception {
        writeCorpus();
        Path data = dir.resolve("nab/data");
        Files.createDirectories(data.resolve("other"));
        Files.copy(data.resolve("sub/jump.csv"), data.resolve("other/jump.csv"));
        String windows = Files.readString(dir.resolve("nab/windows.json"));
        Files.writeString(
                dir.resolve("nab/windows.json"),
                windows.replace("{", "{\"sub/missing.csv\": [], "));

        int code = run("detect", "--nab", data.toString(), "--out", dir.resolve("r").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString())
                .contains(
                        "1 of 2 entries name no file under --nab "
                                + data
                                + " (keys are paths relative to it), their windows are not"
                                + " scored: sub/missing.csv")
                .contains("(no windows for other/jump.csv: not scored)");
        assertThat(out.toString()).contains("sub/jump.csv").doesNotContain("other/jump.csv");
    }

    /** A windows file listing none of the files: said, instead of no score line at all. */
    @Test
    void aWindowsFileListingNoFileSaysThereIsNoScore() throws Exception {
        writeCorpus();
        Files.writeString(dir.resolve("nab/windows.json"), "{}");

        int code = detectCorpus(dir.resolve("r"));

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("no NAB score: no results file has an entry in the windows file")
                .doesNotContain("NAB standard");
    }

    /** A data file holding only its header is named, not found later to hold no window. */
    @Test
    void aFileWithOnlyItsHeaderIsNamed() throws Exception {
        writeCorpus();
        Path empty = dir.resolve("nab/data/sub/empty.csv");
        Files.writeString(empty, "timestamp,value\n");
        assertThat(detectCorpus(dir.resolve("r"))).isEqualTo(1);
        assertThat(err.toString())
                .contains(empty + ": has no data rows, only its header timestamp,value")
                .doesNotContain("probationary");
    }

    /**
     * A windows.json that is not JSON, or whose window holds no time, is named with its line and
     * column or its window and the format expected; never with Jackson's "Source: REDACTED" or
     * java.time's "could not be parsed at index 0".
     */
    @Test
    void aBrokenWindowsFileNamesWhereAndWhat() throws Exception {
        writeCorpus();
        Path windows = dir.resolve("nab/windows.json");
        Files.writeString(windows, "{\n  \"sub/jump.csv\": [[\"2014-02-19 00:00:00\"\n");
        assertThat(detectCorpus(dir.resolve("r"))).isEqualTo(1);
        Files.writeString(
                windows, "{\"sub/jump.csv\": [[\"yesterday\", \"2014-02-19 00:00:00\"]]}");
        assertThat(detectCorpus(dir.resolve("r"))).isEqualTo(1);
        assertThat(err.toString())
                .contains(windows + ":3: not valid JSON at column 1: Unexpected end-of-input")
                .contains(
                        windows
                                + ": 'sub/jump.csv' window 1 of 1: start 'yesterday' is not a time"
                                + " as NAB writes them, yyyy-MM-dd HH:mm:ss")
                .doesNotContain("Source")
                .doesNotContain("REDACTED")
                .doesNotContain("could not be parsed");
    }
}
