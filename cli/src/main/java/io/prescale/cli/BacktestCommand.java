package io.prescale.cli;

import io.prescale.ml.backtest.BacktestMain;
import io.prescale.ml.backtest.BacktestOptions;
import io.prescale.ml.backtest.PolicyResult;
import io.prescale.ml.backtest.SummaryText;
import io.prescale.ml.policy.PrescaleConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code prescale backtest}: replays a trace through prescale and the reference autoscalers and
 * writes allocations, {@code summary.json} and {@code report.html}. Thin: the work is {@link
 * BacktestMain} in {@code ml/}. Exit codes as {@link Prescale} has them.
 */
@Command(
        name = "backtest",
        mixinStandardHelpOptions = true,
        description = {
            "Replays a trace (timestamp,entity,metric,value CSV, optionally gzipped) through the"
                    + " allocation policies and scores them: decision at t - L, each entity's"
                    + " first day not scored, violation = share of steps with demand > allocation, cost ="
                    + " sum(allocation) / sum(demand)."
        })
public final class BacktestCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--trace", required = true, description = Prescale.TRACE_HELP)
    Path trace;

    @Option(names = "--metric", required = true, description = "Metric taken as demand.")
    String metric;

    @Option(
            names = "--step",
            defaultValue = "300",
            description = "Grid step in seconds (default: ${DEFAULT-VALUE}).")
    long stepSeconds;

    @Option(
            names = "--lead",
            defaultValue = "2",
            description = "Lead L in steps (default: ${DEFAULT-VALUE}).")
    int leadSteps;

    @Option(
            names = "--warmup-days",
            defaultValue = "1",
            description = "Days not scored (default: ${DEFAULT-VALUE}).")
    double warmupDays;

    @Option(
            names = "--policy",
            defaultValue = "prescale",
            split = ",",
            description =
                    "prescale|reactive|vpa|vpa-tuned|seasonal|static|oracle|all, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> policies;

    @ArgGroup(exclusive = true)
    Target target;

    static final class Target {
        @Option(
                names = "--target-violation",
                description =
                        "Target violation rate p, e.g. 0.01 (default 0.01): prescale's target (met"
                                + " pooled; entities spread around it) and the per-entity p95 the"
                                + " reference policies' knobs are tuned to in hindsight.")
        Double violation;

        @Option(
                names = "--cost-ratio",
                description =
                        "c_under / c_over, 1 to 9999: target p = 1 / (R + 1), in [0.0001, 0.5].")
        Double costRatio;
    }

    @Option(
            names = "--sweep",
            description =
                    "Sweep every policy's knob; the printed comparison, summary.json and the report"
                            + " give each policy's cost at 1 %% and 5 %% violation.")
    boolean sweep;

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    @Override
    public Integer call() throws Exception {
        BacktestOptions options = options();
        PathOptions.Made made = PathOptions.prepare(spec, "--out", options.out());
        List<PolicyResult> results;
        try {
            PathOptions.requireInputFile(spec, "--trace", trace);
            results = BacktestMain.execute(options, spec.commandLine().getErr());
        } catch (IOException | RuntimeException e) {
            made.undo();
            throw e;
        }
        var w = spec.commandLine().getOut();
        SummaryText.print(options, results, w);
        w.println(
                "wrote "
                        + options.out().resolve("summary.json")
                        + " and "
                        + options.out().resolve("report.html"));
        return 0;
    }

    /** Builds the validated options; a bad value is a usage error naming its option. */
    BacktestOptions options() {
        try {
            double p = 0.01;
            if (target != null && target.violation != null) {
                p = target.violation;
            } else if (target != null && target.costRatio != null) {
                try {
                    p = PrescaleConfig.violationForCostRatio(target.costRatio);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "--cost-ratio "
                                    + e.getMessage().replace("costRatio (c_under / c_over) ", ""));
                }
            }
            if (stepSeconds <= 0) {
                throw new IllegalArgumentException(
                        "--step must be > 0 seconds, was " + stepSeconds);
            }
            List<String> names = new ArrayList<>();
            for (String name : policies) {
                if (name.equals("all")) {
                    names.addAll(BacktestOptions.ALL);
                } else {
                    names.add(name.strip());
                }
            }
            return new BacktestOptions(
                    trace,
                    metric,
                    Duration.ofSeconds(stepSeconds),
                    leadSteps,
                    warmupDays,
                    names.stream().distinct().toList(),
                    p,
                    sweep,
                    out);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
