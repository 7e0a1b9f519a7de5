package io.prescale.cli;

import io.prescale.ml.forecast.eval.EvalOptions;
import io.prescale.ml.forecast.eval.ForecastEvalMain;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code prescale forecast-eval}: replays a trace through one forecasting stack per entity and
 * scores every member and the ensemble at one horizon. Thin: the work is {@link ForecastEvalMain}
 * in {@code ml/}. Exit codes as {@link Prescale} has them.
 */
@Command(
        name = "forecast-eval",
        mixinStandardHelpOptions = true,
        description = {
            "Scores the online forecasters, their ensemble and a textbook seasonal naive"
                    + " reference (naive-1d: the value a day before) on a trace"
                    + " (timestamp,entity,metric,value CSV, optionally gzipped) at horizon h:"
                    + " MASE, sMAPE, pinball loss at 0.5/0.9/0.99 and the realised coverage of"
                    + " the 0.95 and 0.99 upper quantiles (pooled, and p5/p50/p95 over entities)."
                    + " The first day of each entity is warm-up, not scored."
        })
public final class ForecastEvalCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--trace", required = true, description = Prescale.TRACE_HELP)
    Path trace;

    @Option(names = "--metric", required = true, description = "Metric to forecast.")
    String metric;

    @Option(
            names = "--step",
            defaultValue = "300",
            description = "Grid step in seconds (default: ${DEFAULT-VALUE}).")
    long stepSeconds;

    @Option(
            names = "--horizon",
            defaultValue = "2",
            description = "Horizon h in steps, 1..64 (default: ${DEFAULT-VALUE}).")
    int horizon;

    @Option(
            names = "--warmup-days",
            defaultValue = "1",
            description = "Days of each entity not scored (default: ${DEFAULT-VALUE}).")
    double warmupDays;

    @Option(names = "--json", description = "Also write the scores as JSON to this file.")
    Path json;

    @Option(
            names = "--points",
            description =
                    "Also write every scored step of every model to this CSV file (gzipped when"
                            + " it ends in .gz): entity,timestamp,model,actual,lagged,mean,q0.5,"
                            + "q0.9,q0.95,q0.99.")
    Path points;

    @Override
    public Integer call() throws Exception {
        EvalOptions options = options();
        List<PathOptions.Made> made = new ArrayList<>();
        try {
            if (json != null) {
                made.add(PathOptions.prepareFile(spec, "--json", json));
            }
            if (points != null) {
                made.add(PathOptions.prepareFile(spec, "--points", points));
            }
            PathOptions.requireInputFile(spec, "--trace", trace);
            ForecastEvalMain.execute(
                    options, spec.commandLine().getOut(), spec.commandLine().getErr());
        } catch (IOException | RuntimeException e) {
            made.forEach(PathOptions.Made::undo); // a failed run leaves no directory it made
            throw e;
        }
        return 0;
    }

    /** Builds the validated options; a bad value is a usage error naming its option. */
    EvalOptions options() {
        try {
            if (stepSeconds <= 0) {
                throw new IllegalArgumentException(
                        "--step must be > 0 seconds, was " + stepSeconds);
            }
            return new EvalOptions(
                    trace,
                    metric,
                    Duration.ofSeconds(stepSeconds),
                    horizon,
                    warmupDays,
                    json,
                    points);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
