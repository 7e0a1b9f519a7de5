package io.prescale.ml.nab;

import io.prescale.ml.anomaly.AnomalyConfig;
import io.prescale.ml.anomaly.IsolationForestDetector;
import io.prescale.ml.series.SeriesConfig;
import io.prescale.ml.series.SeriesModel;
import io.prescale.ml.series.SeriesState;
import io.prescale.ml.series.SeriesStep;
import io.prescale.ml.trace.Plural;
import io.prescale.ml.trace.UnsatisfiableOptionException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code prescale detect}: runs a detector over every NAB data file under a directory, writes NAB
 * results files ({@code timestamp,value,anomaly_score}) at the same relative paths under the output
 * directory, and scores them when windows are known.
 *
 * <p>Windows: the given file, else {@code DIR/windows.json}, else {@code DIR/../windows.json} (the
 * layout of {@code ../shared/data/nab-aws}: {@code data/} beside {@code windows.json}). Profiles:
 * the given file, else {@code profiles.json} beside the windows file, else NAB's three published
 * profiles. Scores are rounded to the 9 decimals that are written, so re-scoring the written files
 * gives the same result.
 */
public final class NabDetect {
    private NabDetect() {}

    /**
     * What to run.
     *
     * @param dataDir directory searched recursively for {@code *.csv}
     * @param outDir where results files go (created)
     * @param windows windows file, or null for the default search
     * @param profiles profiles file, or null for the default search
     * @param match only files whose relative path matches this pattern (all of it), or null for
     *     every file: how a subset, such as a held-out half, is scored on its own
     */
    public record Options(Path dataDir, Path outDir, Path windows, Path profiles, Pattern match) {
        /** Every file. */
        public Options(Path dataDir, Path outDir, Path windows, Path profiles) {
            this(dataDir, outDir, windows, profiles, null);
        }

        public Options {
            if (dataDir == null || !Files.isDirectory(dataDir)) {
                throw new IllegalArgumentException("--nab " + dataDir + " is not a directory");
            }
            if (outDir == null) {
                throw new IllegalArgumentException("--out must be given");
            }
            if (resolved(outDir).startsWith(resolved(dataDir))) {
                // results files are NAB-format CSVs: under --nab they would replace the data or
                // be read as data by the next run
                throw new IllegalArgumentException(
                        "--out "
                                + outDir
                                + " must not be --nab "
                                + dataDir
                                + " or a directory inside it");
            }
            refuseOverwritingData(dataDir, outDir);
            if (windows != null && !Files.isRegularFile(windows)) {
                throw new IllegalArgumentException("--windows " + windows + " is not a file");
            }
            if (profiles != null && !Files.isRegularFile(profiles)) {
                throw new IllegalArgumentException("--profiles " + profiles + " is not a file");
            }
        }
    }

    /**
     * What came out.
     *
     * @param series the files read, in order
     * @param windowsFile the windows file used, empty when none was found (then no results)
     * @param results one per profile at the threshold best for it, empty when not scored
     * @param scored the files prepared for scoring (those with windows), empty when not scored
     */
    public record Report(
            List<NabSeries> series,
            Optional<Path> windowsFile,
            List<NabResult> results,
            List<NabScoredFile> scored) {
        /**
         * The same files scored under each of {@link #results()}' profiles with the threshold fixed
         * at {@code threshold} ({@link NabScorer#scoreAt}): what alerting at that score achieves.
         * Empty when not scored.
         */
        public List<NabResult> resultsAt(double threshold) {
            return results.stream()
                    .map(r -> NabScorer.scoreAt(scored, r.profile(), threshold))
                    .toList();
        }
    }

    /**
     * Runs the default detector, the streaming job's: {@link #detect} with {@link
     * AnomalyConfig#defaults()}.
     */
    public static Report run(Options options, PrintWriter progress) {
        AnomalyConfig config = AnomalyConfig.defaults();
        return run(options, s -> detect(config, s), progress);
    }

    /** Runs {@link #detectForest} with {@link AnomalyConfig#defaults()}'s tail model. */
    public static Report runForest(Options options, PrintWriter progress) {
        AnomalyConfig config = AnomalyConfig.defaults();
        return run(options, s -> detectForest(config, s), progress);
    }

    /**
     * Scores one series as the streaming job scores a series of windows ({@link SeriesModel} with
     * {@link SeriesConfig#jobDefaults}, {@code anomaly} its detectors' parameters), its step the
     * file's: the combined detectors against the calibrated forecaster's one-step range, the
     * forecaster calibrated at the job's default lead. A row the job would not take (a time not
     * after the previous row's) scores 0.
     */
    public static double[] detect(AnomalyConfig anomaly, NabSeries s) {
        Instant[] times = instants(s.timestamps());
        SeriesModel model = new SeriesModel(SeriesConfig.jobDefaults(gridStep(times), anomaly));
        SeriesState state = model.newState();
        SeriesStep step = model.newStep();
        double[] values = s.values();
        double[] scores = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            model.update(state, times[i], values[i], step);
            scores[i] = step.updated() ? step.anomalyScore() : 0;
        }
        return scores;
    }

    /** Lags in the vectors {@link #detectForest} scores: {@code (x_t, x_t−1, x_t−2)}. */
    static final int FOREST_LAGS = 3;

    /**
     * Scores one series with the {@link IsolationForestDetector} ({@link
     * IsolationForestDetector#withDefaults} and {@code config}'s tail model) over the lag embedding
     * {@code (x_t, x_t−1, x_t−2)} of each row, the first rows repeating the first value: one
     * entity's metric vector, here made of one series' recent values. 0 until the first fit (64
     * vectors), as a score of a tail probability of 1.
     */
    public static double[] detectForest(AnomalyConfig config, NabSeries s) {
        IsolationForestDetector forest =
                IsolationForestDetector.withDefaults(FOREST_LAGS, config.tail());
        IsolationForestDetector.State state = forest.newState();
        double[] x = s.values();
        double[] vector = new double[FOREST_LAGS];
        double[] scores = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            for (int lag = 0; lag < FOREST_LAGS; lag++) {
                vector[lag] = x[Math.max(0, i - lag)];
            }
            scores[i] = forest.score(state, vector);
        }
        return scores;
    }

    /**
     * The series' grid step: the median of the positive gaps between consecutive rows, in whole
     * seconds (at least 1); 300 s (NAB's usual step) when there is no gap to measure.
     */
    static Duration gridStep(Instant[] times) {
        long[] gaps = new long[Math.max(0, times.length - 1)];
        int n = 0;
        for (int i = 1; i < times.length; i++) {
            long gap = times[i].getEpochSecond() - times[i - 1].getEpochSecond();
            if (gap > 0) {
                gaps[n++] = gap;
            }
        }
        if (n == 0) {
            return Duration.ofSeconds(300);
        }
        Arrays.sort(gaps, 0, n);
        return Duration.ofSeconds(gaps[n / 2]);
    }

    /**
     * Runs {@code detector} (series → one score in [0, 1] per row).
     *
     * @throws io.prescale.ml.trace.TraceFormatException naming the first malformed file
     * @throws UnsatisfiableOptionException when no data file is under the directory or matches
     */
    public static Report run(
            Options options, Function<NabSeries, double[]> detector, PrintWriter progress) {
        List<Path> all = new ArrayList<>();
        for (Path p : csvPaths(options.dataDir())) {
            if (Files.isRegularFile(p)) {
                all.add(p);
            } else if (!Files.isDirectory(p)) {
                // a directory named *.csv is walked into, its files read
                progress.printf(
                        "note: %s is not a regular file (a pipe or device): skipped%n",
                        relative(options.dataDir(), p));
            }
        }
        Map<String, Path> seen = new HashMap<>();
        for (Path p : all) {
            Path other = seen.put(relative(options.dataDir(), p), p);
            if (other != null) {
                throw new UnsatisfiableOptionException(
                        "--nab "
                                + options.dataDir()
                                + " holds "
                                + other
                                + " and "
                                + p
                                + ", one series twice (plain and gzipped): keep one");
            }
        }
        List<Path> files = all;
        if (options.match() != null) {
            files =
                    all.stream()
                            // a gzipped file's name with or without its .gz
                            .filter(
                                    f ->
                                            options.match()
                                                            .matcher(relative(options.dataDir(), f))
                                                            .matches()
                                                    || options.match()
                                                            .matcher(asNamed(options.dataDir(), f))
                                                            .matches())
                            .toList();
        }
        if (files.isEmpty()) {
            throw new UnsatisfiableOptionException(
                    "no *.csv or *.csv.gz file under --nab "
                            + options.dataDir()
                            + (options.match() == null
                                    ? ""
                                    : " matches --match " + options.match()));
        }
        Optional<Path> windowsFile = windowsFile(options);
        Optional<NabLabels> labels = windowsFile.map(NabLabels::read);
        labels.ifPresent(l -> warnUnmatched(l, all, options, windowsFile.get(), progress));
        // read before the files are scored: a malformed profiles file fails now, not after them
        List<NabCostProfile> profiles =
                windowsFile.map(w -> profiles(options, w)).orElse(List.of());
        List<NabSeries> series = new ArrayList<>();
        List<NabScoredFile> scored = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String relative = relative(options.dataDir(), file);
            progress.printf("[%d/%d] %s%n", i + 1, files.size(), relative);
            progress.flush();
            NabSeries s = NabCsv.read(file, relative);
            double[] scores = rounded(detector.apply(s));
            NabCsv.writeResults(options.outDir().resolve(relative), s, scores);
            series.add(s);
            labels.flatMap(l -> l.windowsOf(relative))
                    .ifPresentOrElse(
                            w -> scored.add(scoredFile(relative, s, scores, w, progress)),
                            () ->
                                    labels.ifPresent(
                                            l ->
                                                    progress.println(
                                                            "  (no windows for "
                                                                    + relative
                                                                    + ": not scored)")));
        }
        List<NabResult> results = new ArrayList<>();
        if (labels.isPresent() && !scored.isEmpty()) {
            for (NabCostProfile p : profiles) {
                results.add(NabScorer.score(scored, p));
            }
        }
        return new Report(
                List.copyOf(series),
                windowsFile,
                List.copyOf(results),
                results.isEmpty() ? List.of() : List.copyOf(scored));
    }

    /**
     * The file prepared for scoring, with a warning when some of its labelled windows hold no
     * scored row (outside its data, or within the probationary first 15 %): NAB counts only windows
     * with rows, so they are neither detected nor missed, and a file cut short would otherwise
     * score higher without a word.
     */
    private static NabScoredFile scoredFile(
            String relative,
            NabSeries s,
            double[] scores,
            List<NabWindow> windows,
            PrintWriter progress) {
        NabScoredFile f = NabScoredFile.of(relative, s.timestamps(), scores, windows);
        int empty = windows.size() - f.windows();
        if (empty > 0) {
            progress.printf(
                    "  warning: %d of the %d labelled windows of %s hold no scored row (outside"
                            + " its data or in its probationary first 15 %%): not counted%n",
                    empty, windows.size(), relative);
        }
        warnLooseBounds(relative, s.timestamps(), windows, progress);
        return f;
    }

    /**
     * Warns about windows the scorer takes by time though NAB's own would not take them: one that
     * runs past the file's first or last row (a file cut short; it is scored as cut there, so a
     * detection late in it is worth more than against the labelled end), and bounds that are no
     * row's timestamp (NAB's windows are row timestamps; here the rows within the bounds count).
     */
    private static void warnLooseBounds(
            String relative, LocalDateTime[] t, List<NabWindow> windows, PrintWriter progress) {
        if (t.length == 0) {
            return;
        }
        LocalDateTime first = t[0];
        LocalDateTime last = t[t.length - 1];
        List<NabWindow> held =
                windows.stream()
                        .filter(w -> !w.end().isBefore(first) && !w.start().isAfter(last))
                        .toList();
        long cut =
                held.stream()
                        .filter(w -> w.start().isBefore(first) || w.end().isAfter(last))
                        .count();
        if (cut > 0) {
            progress.printf(
                    "  warning: %d of the %d labelled windows of %s run past its rows (%s to %s):"
                            + " scored as cut there, so a detection late in them is worth more"
                            + " than against the labelled end (NAB's own scorer refuses such a"
                            + " window)%n",
                    cut, windows.size(), relative, first, last);
        }
        Set<LocalDateTime> rows = new HashSet<>(Arrays.asList(t));
        long loose =
                held.stream()
                        .flatMap(w -> Stream.of(w.start(), w.end()))
                        .filter(b -> !b.isBefore(first) && !b.isAfter(last) && !rows.contains(b))
                        .count();
        if (loose > 0) {
            progress.printf(
                    "  warning: %s of %s %s no row's timestamp (NAB's are): scored by time, the"
                            + " rows within the bounds%n",
                    Plural.of(loose, "window bound"), relative, loose == 1 ? "is" : "are");
        }
    }

    /** Names in the warning before "and N more". */
    private static final int UNMATCHED_NAMED = 5;

    /**
     * Warns about the windows-file entries that no file under {@code --nab} takes (every file, not
     * only those {@code --match} selects): their windows are not scored, which should not pass
     * unseen.
     */
    private static void warnUnmatched(
            NabLabels labels, List<Path> files, Options o, Path windowsFile, PrintWriter progress) {
        List<String> unmatched =
                labels.unmatched(files.stream().map(f -> relative(o.dataDir(), f)).toList());
        if (unmatched.isEmpty()) {
            return;
        }
        progress.println(
                "warning: "
                        + windowsFile
                        + ": "
                        + unmatched.size()
                        + " of "
                        + labels.size()
                        + " entries name no file under --nab "
                        + o.dataDir()
                        + " (keys are paths relative to it), their windows are not scored: "
                        + String.join(
                                ", ",
                                unmatched.subList(0, Math.min(UNMATCHED_NAMED, unmatched.size())))
                        + (unmatched.size() > UNMATCHED_NAMED
                                ? " and " + (unmatched.size() - UNMATCHED_NAMED) + " more"
                                : ""));
        progress.flush();
    }

    static Instant[] instants(LocalDateTime[] t) {
        Instant[] out = new Instant[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = t[i].toInstant(ZoneOffset.UTC);
        }
        return out;
    }

    private static double[] rounded(double[] scores) {
        double[] out = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            double s = scores[i];
            if (!(s >= 0 && s <= 1)) {
                throw new IllegalStateException("detector gave score " + s + " at row " + i);
            }
            out[i] = Math.round(s * 1e9) / 1e9;
        }
        return out;
    }

    static Optional<Path> windowsFile(Options o) {
        if (o.windows() != null) {
            return Optional.of(o.windows());
        }
        Path inside = o.dataDir().resolve("windows.json");
        if (Files.isRegularFile(inside)) {
            return Optional.of(inside);
        }
        Path parent = o.dataDir().toAbsolutePath().normalize().getParent();
        Path beside = parent == null ? null : parent.resolve("windows.json");
        return beside != null && Files.isRegularFile(beside)
                ? Optional.of(beside)
                : Optional.empty();
    }

    static List<NabCostProfile> profiles(Options o, Path windowsFile) {
        if (o.profiles() != null) {
            return NabCostProfile.read(o.profiles());
        }
        Path parent = windowsFile.toAbsolutePath().getParent();
        Path beside = parent == null ? null : parent.resolve("profiles.json");
        if (beside != null && Files.isRegularFile(beside)) {
            return NabCostProfile.read(beside);
        }
        return NabCostProfile.published();
    }

    private static List<Path> dataFiles(Path dir) {
        return csvPaths(dir).stream().filter(Files::isRegularFile).toList();
    }

    /**
     * Every path under {@code dir} named {@code *.csv} or {@code *.csv.gz} (read as traces are,
     * {@link NabCsv}), sorted, regular files or not.
     */
    private static List<Path> csvPaths(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(
                            p -> p.toString().endsWith(".csv") || p.toString().endsWith(".csv.gz"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /**
     * {@code p} absolute, normalised and with the symbolic links of its existing part resolved, so
     * that two spellings of one directory compare equal.
     */
    static Path resolved(Path p) {
        Path absolute = p.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }

    /**
     * Refuses, before any is written, a results file that would land on a data file: {@code --out}
     * above {@code --nab} can do it ({@code --nab n/data --out n} writes {@code data/x.csv}'s
     * results over {@code n/data/x.csv}).
     */
    private static void refuseOverwritingData(Path dataDir, Path outDir) {
        List<Path> all = dataFiles(dataDir);
        Set<Path> data = new HashSet<>();
        for (Path f : all) {
            data.add(resolved(f));
        }
        for (Path f : all) {
            Path target = resolved(outDir.resolve(relative(dataDir, f)));
            if (data.contains(target)) {
                throw new IllegalArgumentException(
                        "--out "
                                + outDir
                                + " would write the results of "
                                + relative(dataDir, f)
                                + " over the data file "
                                + target
                                + "; choose an --out outside --nab "
                                + dataDir);
            }
        }
    }

    /**
     * {@code file}'s path under {@code dir}, as its windows are keyed and its results written: a
     * gzipped file's without {@code .gz} (its results are plain text).
     */
    private static String relative(Path dir, Path file) {
        String r = asNamed(dir, file);
        return r.endsWith(".gz") ? r.substring(0, r.length() - ".gz".length()) : r;
    }

    /** {@code file}'s path under {@code dir} as it is named, with {@code /} between its parts. */
    private static String asNamed(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }
}
