package io.prescale.ml.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.ml.trace.OutputFiles;
import io.prescale.ml.trace.TraceFormatException;
import io.prescale.ml.trace.UnsatisfiableOptionException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestMainTest {
    @TempDir Path dir;

    /** Three entities, three days of 5-minute steps, a daily wave with seeded noise. */
    private Path trace() throws IOException {
        StringBuilder b = new StringBuilder("timestamp,entity,metric,value\n");
        java.util.Random r = new java.util.Random(11);
        java.time.Instant t0 = java.time.Instant.parse("2024-01-01T00:00:00Z");
        for (int t = 0; t < 3 * 288; t++) {
            for (int e = 0; e < 3; e++) {
                double v = 10 + 5 * Math.sin(2 * Math.PI * t / 288) + r.nextDouble() * (e + 1) * 3;
                b.append(t0.plusSeconds(300L * t))
                        .append(",vm-")
                        .append(e)
                        .append(",cpu,")
                        .append(v)
                        .append('\n');
            }
        }
        Path f = dir.resolve("t.csv");
        Files.writeString(f, b);
        return f;
    }

    @Test
    void writesAllocationsSummaryAndReport() throws IOException {
        Path out = dir.resolve("out");
        BacktestOptions o = everyPolicySwept(trace(), out);
        StringWriter err = new StringWriter();
        List<PolicyResult> results = BacktestMain.execute(o, new PrintWriter(err));
        assertThat(results)
                .extracting(PolicyResult::policy)
                .containsExactlyElementsOf(BacktestOptions.ALL);
        List<String> rows = Files.readAllLines(out.resolve("prescale/allocations.csv"));
        assertThat(rows.get(0)).isEqualTo("timestamp,entity,allocation");
        assertThat(rows).hasSize(1 + 3 * 3 * 288);
        assertThat(rows.get(1)).startsWith("2024-01-01T00:00:00Z,vm-0,");
        String summary = Files.readString(out.resolve("summary.json"));
        assertThat(summary)
                .contains(
                        "\"prescale\"",
                        "\"costAt\"",
                        "\"scaleActionsPerEntityDay\"",
                        "\"realisedVsTarget\"");
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html)
                .contains("<svg", "</html>")
                .doesNotContain("src=", "href=\"http", "<script");
        // the axes carry values: violation %, log cost, demand, hours back from the end
        assertThat(html).contains(">15</text>", ">30</text>", ">0</text>", ">−24</text>");
        // stderr is no terminal under the test runner: plain lines, no carriage returns
        assertThat(err.toString()).doesNotContain("\r").endsWith("done\n");
        assertThat(results.get(results.size() - 1).score().cost()).isEqualTo(1.0);
    }

    /**
     * The directory's lock is taken before the trace is read: a run into an --out another run holds
     * is refused at once, even when its own trace is missing (the later of two runs, if the quicker
     * to read, took it from the earlier).
     */
    @Test
    void anOutHeldByAnotherRunIsRefusedBeforeTheTraceIsRead() throws IOException {
        Path out = dir.resolve("out");
        BacktestOptions o = everyPolicySwept(dir.resolve("missing.csv"), out);
        try (var held = OutputFiles.lockDirectory(out, "--out")) {
            assertThatThrownBy(() -> BacktestMain.execute(o, new PrintWriter(new StringWriter())))
                    .isInstanceOf(UnsatisfiableOptionException.class)
                    .hasMessageContaining("another prescale run is writing to it");
        }
    }

    @Test
    void aNegativeDemandIsNamed() throws IOException {
        Path f = dir.resolve("negative.csv");
        Files.writeString(
                f,
                "timestamp,entity,metric,value\n"
                        + "2024-01-01T00:00:00Z,vm-0,cpu,3\n"
                        + "2024-01-01T00:05:00Z,vm-0,cpu,-1.5\n");
        BacktestOptions o = unwarmed(f, Duration.ofMinutes(5), 2, "prescale");
        assertThatThrownBy(() -> BacktestMain.execute(o, quiet()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage(
                        f
                                + ":3: cpu of vm-0 is -1.5 at 2024-01-01T00:05:00Z: a demand cannot"
                                + " be negative");
        // an entity's only row, negative: its time, not the grid's first step, which repeats it
        Files.writeString(
                f,
                "timestamp,entity,metric,value\n"
                        + "2024-01-01T00:00:00Z,vm-0,cpu,3\n"
                        + "2024-01-01T00:05:00Z,vm-0,cpu,4\n"
                        + "2024-01-01T00:10:00Z,vm-0,cpu,5\n"
                        + "2024-01-01T00:10:00Z,vm-y,cpu,-50\n");
        assertThatThrownBy(() -> BacktestMain.execute(o, quiet()))
                .hasMessage(
                        f
                                + ":5: cpu of vm-y is -50.0 at 2024-01-01T00:10:00Z: a demand"
                                + " cannot be negative");
    }

    /** The plain main (BENCHMARKS.md): a wrong argument is named with its value, exit code 2. */
    @Test
    void thePlainMainNamesAWrongArgumentAndItsValue() throws IOException {
        String trace = trace().toString();
        String out = dir.resolve("out").toString();
        String[][] wrong = {
            {trace, "cpu", "five", "2", "prescale", "0.01", "false", out},
            {trace, "cpu", "300", "-1", "prescale", "0.01", "false", out},
            {trace, "cpu", "300", "0", "prescale", "0.01", "false", out},
            {trace, "cpu", "300", "2", "prescale", "NaN", "false", out},
            {trace, "cpu", "300", "2", "prescale", "0.01", "yes", out},
            {dir.resolve("no.csv").toString(), "cpu", "300", "2", "prescale", "0.01", "true", out},
            {trace, "cpu", "300", "2"}
        };
        StringWriter err = new StringWriter();
        for (String[] args : wrong) {
            assertThat(BacktestMain.run(args, new PrintWriter(new StringWriter()), pw(err)))
                    .as(String.join(" ", args))
                    .isEqualTo(2);
        }
        assertThat(err.toString())
                .contains("BacktestMain: STEP_SECONDS must be a whole number >= 1, was 'five'")
                .contains("LEAD must be a whole number >= 1, was '-1'")
                .contains("LEAD must be a whole number >= 1, was '0'")
                .contains("TARGET must be a decimal number (such as 0.01 or 1e-3), was 'NaN'")
                .contains("SWEEP must be true or false, was 'yes'")
                .contains("TRACE " + dir.resolve("no.csv") + ": no such file")
                .contains("BacktestMain: takes 8 arguments, was given 4")
                .contains(
                        "usage: BacktestMain TRACE METRIC STEP_SECONDS LEAD POLICIES TARGET SWEEP"
                                + " OUT")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");

        StringWriter printed = new StringWriter();
        String[] right = {trace, "cpu", "300", "2", "prescale,vpa", "0.01", "false", out};
        assertThat(BacktestMain.run(right, pw(printed), pw(new StringWriter()))).isZero();
        assertThat(printed.toString())
                .contains("\nprescale  p 0.01 ", "\nvpa       m ")
                .contains("Cost at equal violation: run with --sweep");
    }

    /**
     * The printed lines say what they are, and the like-for-like comparison prints summary.json's
     * costAt: the tester read prescale's online run against the references' hindsight-tuned knobs.
     */
    @Test
    void printsEachRunForWhatItIsAndTheCostsAtEqualViolationOfSummaryJson() throws IOException {
        Path out = dir.resolve("out");
        String[] args = {
            trace().toString(), "cpu", "300", "2", "all", "0.05", "true", out.toString()
        };
        StringWriter printed = new StringWriter();

        assertThat(BacktestMain.run(args, pw(printed), pw(new StringWriter()))).isZero();

        String text = printed.toString();
        assertThat(text)
                .contains("prescale runs online at target p 0.05, nothing tuned for this run")
                .contains("tuned in hindsight, the smallest with per-entity p95 violation <= 0.05")
                .containsPattern("\\nreactive  1/u \\d")
                .containsPattern("\\nseasonal  1/u \\d")
                .containsPattern("\\nstatic    m \\d")
                .containsPattern("\\nvpa-tuned m \\d[.\\d]* q 0\\.9\\d* +violation")
                .contains("\noracle    none ")
                .contains("Cost at equal violation");
        String summary = Files.readString(out.resolve("summary.json"));
        assertThat(summary)
                .contains("\"knobName\": \"1/u\"", "\"knobName\": \"p\"")
                .containsPattern(
                        "\"vpa-tuned\": \\{\\s*\"knob\": [.\\d]+,\\s*\"knobName\": \"m\",\\s*\"percentile\": 0\\.9");
        for (String policy : List.of("prescale", "vpa", "vpa-tuned", "static")) {
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile(
                                    "\""
                                            + policy
                                            + "\": \\{.*?\"costAt\": \\{\"1%\": \\{\"pooled\": "
                                            + "([^,]+), \"perEntity\": ([^}]+)\\}, \"5%\": \\{"
                                            + "\"pooled\": ([^,]+), \"perEntity\": ([^}]+)\\}",
                                    java.util.regex.Pattern.DOTALL)
                            .matcher(summary);
            assertThat(m.find()).as(policy).isTrue();
            StringBuilder row = new StringBuilder(String.format("%-9s", policy));
            for (int g : new int[] {1, 3, 2, 4}) {
                row.append(
                        String.format(
                                java.util.Locale.ROOT,
                                " %18s",
                                m.group(g).equals("null")
                                        ? "-"
                                        : String.format(
                                                java.util.Locale.ROOT,
                                                "%.3f",
                                                Double.parseDouble(m.group(g)))));
            }
            assertThat(text).as(policy).contains("\n" + row + "\n");
        }
    }

    private static PrintWriter pw(StringWriter w) {
        return new PrintWriter(w, true);
    }

    @Test
    void badOptionsNameTheOption() {
        assertThatThrownBy(
                        () ->
                                new BacktestOptions(
                                        dir,
                                        "cpu",
                                        Duration.ofMinutes(5),
                                        0,
                                        1,
                                        List.of("prescale"),
                                        0.01,
                                        false,
                                        dir))
                .hasMessageContaining("--lead");
        assertThatThrownBy(
                        () ->
                                new BacktestOptions(
                                        dir,
                                        "cpu",
                                        Duration.ofMinutes(5),
                                        2,
                                        1,
                                        List.of("hpa"),
                                        0.01,
                                        false,
                                        dir))
                .hasMessageContaining("--policy 'hpa'");
        assertThatThrownBy(
                        () ->
                                new BacktestOptions(
                                        dir,
                                        "cpu",
                                        Duration.ofMinutes(5),
                                        2,
                                        1,
                                        List.of("vpa"),
                                        0.9,
                                        false,
                                        dir))
                .hasMessageContaining("--target-violation");
    }

    @Test
    void aLeadLongerThanADayNamesTheOptionAndTheBound() {
        for (String policy : List.of("prescale", "reactive")) {
            assertThatThrownBy(() -> unwarmed(dir, Duration.ofMinutes(5), 400, policy))
                    .as(policy)
                    .hasMessage(
                            "--lead must be <= the steps in a day (288 at --step 300), was 400");
        }
    }

    @Test
    void aLeadNotShorterThanTheTraceNamesTheOption() throws IOException {
        Path f = dir.resolve("short.csv");
        Files.writeString(
                f,
                "timestamp,entity,metric,value\n"
                        + "2024-01-01T00:00:00Z,vm-0,cpu,3\n"
                        + "2024-01-01T01:00:00Z,vm-0,cpu,4\n"
                        + "2024-01-01T02:00:00Z,vm-0,cpu,5\n");
        BacktestOptions o = unwarmed(f, Duration.ofHours(1), 3, "reactive");
        assertThatThrownBy(() -> BacktestMain.execute(o, quiet()))
                .isInstanceOf(UnsatisfiableOptionException.class)
                .hasMessage(
                        "--lead 3 must be shorter than the trace, which has 3 steps of --step 3600"
                                + " s: no allocation would be decided from its data");
    }

    /** One policy on metric cpu, no warm-up, target 0.05, no sweep, into DIR/out. */
    private BacktestOptions unwarmed(Path trace, Duration step, int lead, String policy) {
        return new BacktestOptions(
                trace, "cpu", step, lead, 0, List.of(policy), 0.05, false, dir.resolve("out"));
    }

    @Test
    void anAllZeroDemandHasNoCostAndWritesNoNaN() throws IOException {
        StringBuilder b = new StringBuilder("timestamp,entity,metric,value\n");
        java.time.Instant t0 = java.time.Instant.parse("2024-01-01T00:00:00Z");
        for (int t = 0; t < 2 * 288; t++) {
            b.append(t0.plusSeconds(300L * t)).append(",idle,cpu,0\n");
        }
        Path f = dir.resolve("zero.csv");
        Files.writeString(f, b);
        Path out = dir.resolve("out");
        BacktestOptions o = everyPolicySwept(f, out);

        List<PolicyResult> results = BacktestMain.execute(o, quiet());

        assertThat(results).allSatisfy(r -> assertThat(r.score().costDefined()).isFalse());
        String summary = Files.readString(out.resolve("summary.json"));
        assertThat(summary).contains("\"cost\": null").doesNotContain("NaN", "Infinity");
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("undefined (no demand)").doesNotContain("NaN", "Infinity");
    }

    /** Every policy, swept, at lead 2 and target 0.05 after a day of warm-up. */
    private static BacktestOptions everyPolicySwept(Path trace, Path out) {
        return new BacktestOptions(
                trace, "cpu", Duration.ofMinutes(5), 2, 1, BacktestOptions.ALL, 0.05, true, out);
    }

    @Test
    void aRunWithOtherPoliciesRemovesTheEarlierPoliciesAllocations() throws IOException {
        Path trace = trace();
        Path out = dir.resolve("out");
        BacktestMain.execute(withPolicies(trace, out, "prescale", "vpa"), quiet());
        Path mine = Files.writeString(out.resolve("vpa/notes.txt"), "kept");

        BacktestMain.execute(withPolicies(trace, out, "reactive"), quiet());

        assertThat(out.resolve("reactive/allocations.csv")).exists();
        assertThat(out.resolve("prescale")).doesNotExist();
        assertThat(out.resolve("vpa/allocations.csv")).doesNotExist();
        assertThat(mine).hasContent("kept");
    }

    /**
     * Only a policy's own allocations.csv goes: a symbolic link to a directory elsewhere is not
     * followed, a user's empty directory stays, and an allocations.csv that is a directory is left
     * (it made the run fail after its work).
     */
    @Test
    void removingStaleAllocationsTouchesNothingElse() throws IOException {
        Path trace = trace();
        Path out = Files.createDirectories(dir.resolve("out"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path theirs = Files.writeString(elsewhere.resolve("allocations.csv"), "theirs");
        Files.createSymbolicLink(out.resolve("seasonal"), elsewhere);
        Files.createDirectories(out.resolve("oracle"));
        Files.createDirectories(out.resolve("vpa/allocations.csv"));
        Files.writeString(out.resolve("vpa/allocations.csv/x"), "x");

        BacktestMain.execute(withPolicies(trace, out, "reactive"), quiet());

        assertThat(theirs).hasContent("theirs");
        assertThat(out.resolve("seasonal")).isSymbolicLink();
        assertThat(out.resolve("oracle")).isDirectory();
        assertThat(out.resolve("vpa/allocations.csv/x")).exists();
        assertThat(out.resolve("reactive/allocations.csv")).exists();
    }

    /** No policy can fix the first L steps from data: they are never scored. */
    @Test
    void theFirstLeadStepsAreNeverScored() {
        Path t = dir.resolve("t.csv");
        List<String> none = List.of("reactive");
        assertThat(
                        new BacktestOptions(
                                        t, "cpu", Duration.ofMinutes(5), 3, 0, none, 0.05, false, t)
                                .warmupSteps())
                .isEqualTo(3);
        assertThat(
                        new BacktestOptions(
                                        t, "cpu", Duration.ofMinutes(5), 3, 1, none, 0.05, false, t)
                                .warmupSteps())
                .isEqualTo(288);
    }

    private static BacktestOptions withPolicies(Path trace, Path out, String... policies) {
        return new BacktestOptions(
                trace, "cpu", Duration.ofMinutes(5), 2, 1, List.of(policies), 0.05, false, out);
    }

    private static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }
}
