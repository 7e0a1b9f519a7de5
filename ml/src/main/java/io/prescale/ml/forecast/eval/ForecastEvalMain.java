package io.prescale.ml.forecast.eval;

import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.MainArguments;
import io.prescale.ml.trace.OutputFiles;
import io.prescale.ml.trace.Plural;
import io.prescale.ml.trace.ProgressLine;
import io.prescale.ml.trace.TraceReader;
import io.prescale.ml.trace.UnsatisfiableOptionException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Reads a trace, scores every model at one horizon ({@link ForecastEval}), prints the table and
 * writes the JSON when asked. The CLI's {@code forecast-eval} command and {@link #main} both call
 * {@link #execute}.
 */
public final class ForecastEvalMain {
    private ForecastEvalMain() {}

    /**
     * Runs {@code o}: progress on {@code err}, the table on {@code out}; returns the report.
     *
     * @throws io.prescale.ml.trace.TraceFormatException when the trace is malformed
     * @throws UnsatisfiableOptionException when the trace lacks the metric or the warm-up leaves no
     *     step to score
     */
    public static EvalReport execute(EvalOptions o, PrintWriter out, PrintWriter err)
            throws IOException {
        ProgressLine progress = ProgressLine.on(err);
        DemandGrid grid =
                TraceReader.read(
                        o.trace(),
                        o.metric(),
                        o.step(),
                        lines -> progress.show(String.format("reading %,d lines", lines)));
        requireAStepToScore(grid, o);
        int entities = grid.entities().size();
        IntConsumer shown = e -> progress.show("forecasting entity " + (e + 1) + "/" + entities);
        EvalReport report;
        long rows = 0;
        if (o.points() == null) {
            report = ForecastEval.evaluate(grid, o.horizon(), o.warmupDays(), shown);
        } else {
            try (EvalPoints points = EvalPoints.create(o.points())) {
                report = ForecastEval.evaluate(grid, o.horizon(), o.warmupDays(), shown, points);
                rows = points.rows();
                points.finish();
            }
        }
        progress.endWith("");
        out.print(EvalTable.render(report, o));
        if (o.json() != null) {
            OutputFiles.writeString(o.json(), EvalJson.render(report, o));
            out.println("wrote " + o.json());
        }
        if (o.points() != null) {
            out.printf("wrote %s: %,d rows, every scored step of every model%n", o.points(), rows);
        }
        out.flush();
        return report;
    }

    /**
     * Refuses, before anything is forecast, a warm-up and horizon that leave no entity a step to
     * score: an entity has one at horizon h after a warm-up of W steps only if it spans more than
     * {@code max(h, W)} steps, as its step t is scored once {@code t − first ≥ W} and the forecast
     * of t was issued from its own data ({@code t − h ≥ first}). It used to forecast the whole
     * trace first, only to say so.
     */
    private static void requireAStepToScore(DemandGrid grid, EvalOptions o) {
        long warmup = ForecastEval.warmupSteps(grid.step(), o.warmupDays());
        int longest = grid.longestSpan();
        if (longest <= Math.max(warmup, o.horizon())) {
            throw new UnsatisfiableOptionException(
                    "--warmup-days "
                            + o.warmupDays()
                            + " ("
                            + Plural.of(warmup, "step")
                            + " of "
                            + grid.step().toSeconds()
                            + " s) leaves no step to score at --horizon "
                            + o.horizon()
                            + ": the longest entity of "
                            + o.trace()
                            + " spans "
                            + Plural.of(longest, "step")
                            + ", and a step is scored only with both behind it");
        }
    }

    /** {@code ForecastEvalMain TRACE METRIC [STEP_SECONDS [HORIZON [JSON]]]}. */
    static final MainArguments.Usage USAGE =
            new MainArguments.Usage(
                    "ForecastEvalMain",
                    List.of("TRACE", "METRIC", "STEP_SECONDS", "HORIZON", "JSON"),
                    2,
                    "  as prescale forecast-eval --trace TRACE --metric METRIC --step STEP_SECONDS"
                            + " (default 300) --horizon HORIZON (default 2) --json JSON");

    /** Runs {@link #USAGE}'s command line; exit code 2 for a wrong argument, 1 for wrong data. */
    public static void main(String[] args) {
        System.exit(
                run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        return MainArguments.run(
                USAGE, args, err, ForecastEvalMain::options, o -> execute(o, out, err));
    }

    private static EvalOptions options(MainArguments a) {
        return new EvalOptions(
                a.inputFile("TRACE"),
                a.text("METRIC"),
                Duration.ofSeconds(a.given("STEP_SECONDS") ? a.positiveLong("STEP_SECONDS") : 300),
                a.given("HORIZON") ? a.positiveInt("HORIZON") : 2,
                1,
                a.given("JSON") ? a.path("JSON") : null);
    }
}
