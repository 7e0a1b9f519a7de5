package io.prescale.ml.forecast.eval;

import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.TraceReader;
import io.prescale.ml.trace.UnsatisfiableOptionException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

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
        DemandGrid grid =
                TraceReader.read(
                        o.trace(),
                        o.metric(),
                        o.step(),
                        lines -> progress(err, String.format("reading %,d lines", lines)));
        int entities = grid.entities().size();
        EvalReport report =
                ForecastEval.evaluate(
                        grid,
                        o.horizon(),
                        o.warmupDays(),
                        e -> progress(err, "forecasting entity " + (e + 1) + "/" + entities));
        err.print("\r" + " ".repeat(60) + "\r");
        err.flush();
        if (report.scoredSteps() == 0) {
            throw new UnsatisfiableOptionException(
                    "--warmup-days "
                            + o.warmupDays()
                            + " leaves no step to score in "
                            + grid.steps()
                            + " steps of "
                            + o.trace());
        }
        out.print(EvalTable.render(report, o));
        if (o.json() != null) {
            Path parent = o.json().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(o.json(), EvalJson.render(report, o));
            out.println("wrote " + o.json());
        }
        out.flush();
        return report;
    }

    private static void progress(PrintWriter err, String what) {
        err.print("\r" + what + "   ");
        err.flush();
    }

    /** {@code ForecastEvalMain TRACE METRIC [STEP_SECONDS [HORIZON [JSON]]]}. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 5) {
            System.err.println(
                    "usage: ForecastEvalMain TRACE METRIC [STEP_SECONDS [HORIZON [JSON]]]");
            System.exit(2);
        }
        EvalOptions o =
                new EvalOptions(
                        Path.of(args[0]),
                        args[1],
                        Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 300),
                        args.length > 3 ? Integer.parseInt(args[3]) : 2,
                        1,
                        args.length > 4 ? Path.of(args[4]) : null);
        execute(o, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }
}
