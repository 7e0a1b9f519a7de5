package io.prescale.ml.backtest;

import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.MainArguments;
import io.prescale.ml.trace.OutputFiles;
import io.prescale.ml.trace.Plural;
import io.prescale.ml.trace.ProgressLine;
import io.prescale.ml.trace.TraceFormatException;
import io.prescale.ml.trace.TraceReader;
import io.prescale.ml.trace.UnsatisfiableOptionException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Reads a trace, runs the backtest and writes {@code DIR/<policy>/allocations.csv}, {@code
 * DIR/summary.json} and {@code DIR/report.html}. The CLI's {@code backtest} command and the plain
 * {@link #main} both call {@link #execute}.
 */
public final class BacktestMain {
    /** A policy's allocations: {@code OUT/<policy>/allocations.csv}. */
    static final String ALLOCATIONS = "allocations.csv";

    private BacktestMain() {}

    /**
     * Runs {@code o}, drawing a progress bar on {@code err}; returns the results.
     *
     * @throws io.prescale.ml.trace.TraceFormatException when the trace is malformed or holds a
     *     negative demand
     * @throws UnsatisfiableOptionException when the trace lacks the metric or is too short for the
     *     lead or the warm-up
     */
    public static List<PolicyResult> execute(BacktestOptions o, PrintWriter err)
            throws IOException {
        // held from the start: of two runs into one --out, the one started first writes (the
        // later one was refused only once it had read its trace, and a quicker one took it)
        try (var held = OutputFiles.lockDirectory(o.out(), "--out")) {
            try {
                return run(o, err);
            } catch (IOException | RuntimeException e) {
                // while the lock is held: a directory the caller made goes with the run
                OutputFiles.dropLockIfAlone(o.out());
                throw e;
            }
        }
    }

    private static List<PolicyResult> run(BacktestOptions o, PrintWriter err) throws IOException {
        long t0 = System.nanoTime();
        ProgressBar bar = new ProgressBar(ProgressLine.on(err));
        DemandGrid grid =
                TraceReader.read(
                        o.trace(), o.metric(), o.step(), lines -> bar.update("reading", lines, -1));
        requireNoNegativeDemand(grid, o);
        if (grid.steps() <= o.leadSteps()) {
            throw new UnsatisfiableOptionException(
                    "--lead "
                            + o.leadSteps()
                            + " must be shorter than the trace, which has "
                            + Plural.of(grid.steps(), "step")
                            + " of --step "
                            + o.step().toSeconds()
                            + " s: no allocation would be decided from its data");
        }
        requireScoredEntities(grid, o, bar);
        List<PolicyResult> results = Backtest.run(o, grid, bar::update);
        // summary.json goes last: while it is missing the directory holds no finished run
        Files.deleteIfExists(o.out().resolve("summary.json"));
        removeStaleAllocations(o);
        for (PolicyResult r : results) {
            bar.update("writing " + r.policy(), 0, -1);
            AllocationsCsv.write(
                    o.out().resolve(r.policy()).resolve(ALLOCATIONS), grid, r.allocations());
        }
        OutputFiles.writeString(
                o.out().resolve("report.html"), ReportHtml.render(o, grid, results));
        double seconds = (System.nanoTime() - t0) / 1e9;
        OutputFiles.writeString(
                o.out().resolve("summary.json"),
                SummaryJson.render(
                        o,
                        grid.entities().size(),
                        ScoredSteps.of(grid, o.warmupSteps()).scoredEntities().length,
                        grid.steps(),
                        results,
                        seconds));
        bar.done();
        return results;
    }

    /**
     * Notes the scored entity-steps that repeat a value over a gap in the trace: the scoring rules
     * count them, so a sparse entity (two rows ten years apart) can fill most of the pooled figures
     * with one value, which the ninety-seventh tester saw without a word.
     */
    private static void noteGaps(DemandGrid grid, ScoredSteps scored, ProgressBar bar) {
        long total = 0;
        long gaps = 0;
        long most = 0;
        int mostAt = -1;
        for (int e = 0; e < grid.entities().size(); e++) {
            total += scored.count(e);
            if (scored.count(e) == 0) {
                continue;
            }
            long n = grid.filled()[e].get(scored.from()[e], scored.to()[e]).cardinality();
            gaps += n;
            if (n > most) {
                most = n;
                mostAt = e;
            }
        }
        if (gaps > 0) {
            bar.note(
                    String.format(
                            Locale.ROOT,
                            "note: %,d of %,d scored entity-steps (%.1f %%) have no sample and"
                                    + " repeat the value before them (gaps in the trace, scored as"
                                    + " the scoring rules say); the most, %,d, in entity '%s'",
                            gaps,
                            total,
                            100.0 * gaps / total,
                            most,
                            grid.entities().get(mostAt)));
        }
    }

    /**
     * Each entity is scored after its own warm-up ({@link ScoredSteps}): refuses a warm-up that
     * leaves no entity a step to score, and notes the entities it leaves none.
     */
    private static void requireScoredEntities(DemandGrid grid, BacktestOptions o, ProgressBar bar) {
        int n = grid.entities().size();
        ScoredSteps scored = ScoredSteps.of(grid, o.warmupSteps());
        List<String> names =
                IntStream.range(0, n)
                        .filter(e -> scored.count(e) == 0)
                        .mapToObj(grid.entities()::get)
                        .toList();
        int unscored = names.size();
        if (unscored == n) {
            throw new UnsatisfiableOptionException(
                    "--warmup-days "
                            + o.warmupDays()
                            + " ("
                            + Plural.of(o.warmupSteps(), "step")
                            + ") leaves no step to score: the longest entity spans "
                            + Plural.of(grid.longestSpan(), "step"));
        }
        noteGaps(grid, scored, bar);
        if (unscored > 0) {
            bar.note(
                    "note: "
                            + unscored
                            + " of "
                            + n
                            + " entities "
                            + Plural.noun(unscored, "spans", "span")
                            + " no more than the warm-up of --warmup-days "
                            + o.warmupDays()
                            + Plural.noun(unscored, " and is not scored", " and are not scored")
                            + ": "
                            + Plural.firstNames(names));
        }
    }

    /**
     * Deletes {@code OUT/<policy>/allocations.csv} of every policy not in this run (and its
     * directory when that leaves it empty), so that the directory holds one run's outputs: an
     * earlier run into the same {@code --out} with other policies left them beside the new summary.
     * Nothing else is touched: only a regular file in a real directory (a symbolic link to a
     * directory elsewhere is not followed, an {@code allocations.csv} that is a directory is left),
     * and the directory only when that file was its last entry.
     */
    private static void removeStaleAllocations(BacktestOptions o) throws IOException {
        for (String policy : BacktestOptions.ALL) {
            Path dir = o.out().resolve(policy);
            Path file = dir.resolve(ALLOCATIONS);
            if (o.policies().contains(policy)
                    || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                    || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Files.delete(file);
            try (var left = Files.list(dir)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(dir);
                }
            }
        }
    }

    /**
     * A demand cannot be negative (a cost Σa/Σd of it means nothing): names the first negative
     * value of the metric, by entity, line and the row's time (a grid step without a sample repeats
     * a neighbour's value, see {@link DemandGrid}: an entity's only row, negative, was told as its
     * first step's).
     */
    private static void requireNoNegativeDemand(DemandGrid grid, BacktestOptions o) {
        double[][] values = grid.values();
        for (int e = 0; e < values.length; e++) {
            for (int t = 0; t < values[e].length; t++) {
                if (values[e][t] < 0) {
                    String entity = grid.entities().get(e);
                    double value = values[e][t];
                    TraceReader.NumberedRow first =
                            TraceReader.firstRow(
                                    o.trace(),
                                    row ->
                                            row.value() == value
                                                    && row.entity().equals(entity)
                                                    && row.metric().equals(o.metric()));
                    throw new TraceFormatException(
                            o.trace(),
                            first == null ? 0 : first.line(),
                            o.metric()
                                    + " of "
                                    + entity
                                    + " is "
                                    + value
                                    + (first == null
                                            ? " in the step of " + grid.timeOf(t)
                                            : " at " + first.row().time())
                                    + ": a demand cannot be negative");
                }
            }
        }
    }

    /** {@code BacktestMain TRACE METRIC STEP_SECONDS LEAD POLICIES TARGET SWEEP OUT}. */
    static final MainArguments.Usage USAGE =
            new MainArguments.Usage(
                    "BacktestMain",
                    List.of(
                            "TRACE",
                            "METRIC",
                            "STEP_SECONDS",
                            "LEAD",
                            "POLICIES",
                            "TARGET",
                            "SWEEP",
                            "OUT"),
                    8,
                    "  as prescale backtest --trace TRACE --metric METRIC --step STEP_SECONDS --lead"
                            + " LEAD --policy POLICIES (prescale|reactive|vpa|vpa-tuned|seasonal|static|oracle,"
                            + " comma-separated, or all) --target-violation TARGET [--sweep if SWEEP"
                            + " is true] --out OUT");

    /** Runs {@link #USAGE}'s command line; exit code 2 for a wrong argument, 1 for wrong data. */
    public static void main(String[] args) {
        System.exit(
                run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        return MainArguments.run(
                USAGE,
                args,
                err,
                BacktestMain::options,
                o -> SummaryText.print(o, execute(o, err), out));
    }

    private static BacktestOptions options(MainArguments a) {
        String policies = a.text("POLICIES");
        return new BacktestOptions(
                a.inputFile("TRACE"),
                a.text("METRIC"),
                Duration.ofSeconds(a.positiveLong("STEP_SECONDS")),
                a.positiveInt("LEAD"),
                1,
                policies.equals("all") ? BacktestOptions.ALL : Arrays.asList(policies.split(",")),
                a.decimal("TARGET"),
                a.bool("SWEEP"),
                a.path("OUT"));
    }
}
