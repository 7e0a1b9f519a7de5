package io.prescale.ml.forecast.eval;

import io.prescale.ml.trace.DemandGrid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code forecast-eval} runs; validated with messages that name the command-line option.
 *
 * @param trace the canonical trace CSV ({@code --trace})
 * @param metric the metric forecast ({@code --metric})
 * @param step the grid step ({@code --step}, seconds), 1 s to {@link DemandGrid#MAX_STEP}
 * @param horizon h, the horizon scored, in steps ({@code --horizon}, 1..64)
 * @param warmupDays days of each entity not scored ({@code --warmup-days}), ≥ 0
 * @param json where to write the JSON report ({@code --json}), or null
 * @param points where to write every scored step ({@code --points}, {@link EvalPoints}), or null
 */
public record EvalOptions(
        Path trace,
        String metric,
        Duration step,
        int horizon,
        double warmupDays,
        Path json,
        Path points) {
    /** Without {@code --points}. */
    public EvalOptions(
            Path trace, String metric, Duration step, int horizon, double warmupDays, Path json) {
        this(trace, metric, step, horizon, warmupDays, json, null);
    }

    public EvalOptions {
        require(trace != null, "--trace is required");
        require(metric != null && !metric.isBlank(), "--metric is required");
        require(
                step != null && !step.isNegative() && step.toSeconds() >= 1,
                "--step must be >= 1 second, was " + (step == null ? null : step.toSeconds()));
        DemandGrid.requireStepOption(step);
        require(horizon >= 1 && horizon <= 64, "--horizon must be in 1..64 steps, was " + horizon);
        require(
                warmupDays >= 0 && Double.isFinite(warmupDays),
                "--warmup-days must be >= 0, was " + warmupDays);
        require(!same(json, trace), "--json must not be the --trace file, was " + json);
        require(!same(points, trace), "--points must not be the --trace file, was " + points);
        require(!same(points, json), "--points and --json must be different files, both " + json);
    }

    /**
     * Whether {@code a} and {@code b} are one file: the same path, or, when both exist, the same
     * file by another name (a symbolic or hard link), which writing one would overwrite.
     */
    private static boolean same(Path a, Path b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false; // unreadable: the write fails on its own, naming the file
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
