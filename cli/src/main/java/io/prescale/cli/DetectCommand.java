package io.prescale.cli;

import io.prescale.jobs.JobOptions;
import io.prescale.ml.nab.NabDetect;
import io.prescale.ml.nab.NabResult;
import io.prescale.ml.trace.Plural;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code prescale detect}: scores every NAB-format CSV under a directory with the per-series
 * anomaly detectors, writes NAB results files and prints the NAB score under each cost profile.
 * Thin: the work is {@link NabDetect} in {@code ml/}. Exit codes as {@link Prescale} has them.
 */
@Command(
        name = "detect",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the anomaly detectors over every NAB-format CSV (timestamp,value; *.csv, or"
                    + " *.csv.gz gzipped) under --nab,"
                    + " writes timestamp,value,anomaly_score at the same relative path under --out"
                    + " and, when labelled windows are found, prints the NAB score (probationary"
                    + " 15 %%, scaled sigmoid per window, one global threshold) per cost profile.",
            "Windows: --windows, else DIR/windows.json, else DIR/../windows.json. Profiles:"
                    + " --profiles, else profiles.json beside the windows file, else NAB's"
                    + " standard, reward_low_FP_rate and reward_low_FN_rate.",
            "combined scores a file as the scaling job scores a series under its default options"
                    + " (same parameters, the file's step as the window): the job scores each"
                    + " window's statistic (default its maximum), so the scores are the job's when"
                    + " the file has one row per window.size window.",
            "The NAB score is the best any one threshold achieves; the job alerts at"
                    + " alerts.raise-above. So the files are also scored with the threshold fixed"
                    + " at --alert-threshold: windows detected, false positives (per series-day)"
                    + " and the NAB scores a user alerting there gets."
        })
public final class DetectCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--nab", required = true, description = "Directory of NAB data CSVs.")
    Path nab;

    @Option(names = "--out", required = true, description = "Directory for the results CSVs.")
    Path out;

    @Option(names = "--windows", description = "NAB windows.json (labelled anomaly windows).")
    Path windows;

    @Option(names = "--profiles", description = "NAB profiles.json (cost matrices).")
    Path profiles;

    @Option(
            names = "--match",
            paramLabel = "REGEX",
            description =
                    "Only the files whose path relative to --nab matches REGEX (all of it), scored"
                            + " on their own, e.g. 'ec2_cpu.*' for one half of nab-aws.")
    String match;

    /** Which detector scores the series. */
    enum Detector {
        /** The per-series stack against the calibrated forecaster (the job's detector). */
        combined,
        /** Isolation Forest over each row's lag vector (x_t, x_t-1, x_t-2). */
        iforest
    }

    @Option(
            names = "--detector",
            defaultValue = "combined",
            description =
                    "combined (the per-series stack the job runs: forecast residual, CUSUM,"
                            + " level rarity, seasonal envelope; the robust z-score is not part of"
                            + " it) or iforest"
                            + " (Isolation Forest over each row's last three values, refit every 64"
                            + " rows on the last 256); default: ${DEFAULT-VALUE}.")
    Detector detector;

    @Option(
            names = "--alert-threshold",
            paramLabel = "SCORE",
            description =
                    "Also score the files with the threshold fixed here, in (0, 1]; default: the"
                            + " job's alerts.raise-above default, ${DEFAULT-VALUE}.")
    double alertThreshold = JobOptions.ALERT_RAISE_ABOVE.defaultValue();

    @Override
    public Integer call() {
        if (windows != null) {
            PathOptions.requireInputFile(spec, "--windows", windows);
        }
        if (profiles != null) {
            PathOptions.requireInputFile(spec, "--profiles", profiles);
        }
        if (!(alertThreshold > 0 && alertThreshold <= 1)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--alert-threshold " + alertThreshold + " is not in (0, 1]");
        }
        NabDetect.Options options;
        try {
            options = new NabDetect.Options(nab, out, windows, profiles, pattern(match));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PathOptions.Made made = PathOptions.prepare(spec, "--out", out);
        PrintWriter err = spec.commandLine().getErr();
        NabDetect.Report report;
        try {
            report =
                    detector == Detector.iforest
                            ? NabDetect.runForest(options, err)
                            : NabDetect.run(options, err);
        } catch (RuntimeException e) {
            made.undo(); // a refused input leaves no empty --out behind
            throw e;
        }
        PrintWriter w = spec.commandLine().getOut();
        w.printf(
                Locale.ROOT,
                "wrote %s under %s%n",
                Plural.of(report.series().size(), "results file"),
                out);
        if (report.windowsFile().isEmpty()) {
            w.println("no windows.json found: not scored (give --windows FILE)");
            return 0;
        }
        w.println("windows: " + report.windowsFile().get());
        if (report.results().isEmpty()) {
            w.println(
                    "no NAB score: no results file has an entry in the windows file (NAB scores"
                            + " only the files it lists)");
        }
        for (NabResult r : report.results()) {
            printScore(w, r);
        }
        List<NabResult> atAlert = report.resultsAt(alertThreshold);
        if (!atAlert.isEmpty()) {
            boolean jobDefault = alertThreshold == JobOptions.ALERT_RAISE_ABOVE.defaultValue();
            w.printf(
                    Locale.ROOT,
                    "at --alert-threshold %s (%s): %s%n",
                    alertThreshold,
                    jobDefault
                            ? "the job's default alerts.raise-above"
                            : "as alerts.raise-above would alert at it",
                    detections(atAlert.get(0)));
            for (NabResult r : atAlert) {
                printScore(w, r);
            }
        }
        if (!report.results().isEmpty()) {
            perFile(w, report.results().get(0));
        }
        w.flush();
        return 0;
    }

    private static void printScore(PrintWriter w, NabResult r) {
        w.printf(
                Locale.ROOT,
                "NAB %-20s %6.2f  (threshold %s, raw %.3f, null %.1f, perfect %.1f; %s)%n",
                r.profile().name(),
                r.normalized(),
                Double.isInfinite(r.threshold())
                        ? "none"
                        : String.format(Locale.ROOT, "%.6f", r.threshold()),
                r.raw(),
                r.nullScore(),
                r.perfectScore(),
                detections(r));
    }

    /** Windows detected and false positives, in all and per series-day. */
    private static String detections(NabResult r) {
        return String.format(
                Locale.ROOT,
                "windows %d/%d, false positives %d, %.3f per series-day",
                r.detected(),
                r.windows(),
                r.falsePositives(),
                r.falsePositivesPerDay());
    }

    private static Pattern pattern(String regex) {
        if (regex == null) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "--match '" + regex + "' is not a regular expression: " + e.getDescription());
        }
    }

    /** Windows detected and false positives per file at the first profile's threshold. */
    private static void perFile(PrintWriter w, NabResult r) {
        w.printf(Locale.ROOT, "per file (%s profile):%n", r.profile().name());
        for (NabResult.FileDetail f : r.files()) {
            w.printf(
                    Locale.ROOT,
                    "  %-45s windows %d/%d  false positives %3d  raw %7.3f%n",
                    f.name(),
                    f.detected(),
                    f.windows(),
                    f.falsePositives(),
                    f.raw() + 0.0); // -0.0 (no window, no false positive) as 0
        }
    }
}
