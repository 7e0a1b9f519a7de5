package io.prescale.ml.nab;

import io.prescale.ml.anomaly.AnomalyConfig;
import io.prescale.ml.anomaly.UnivariateAnomalyStack;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
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
     */
    public record Options(Path dataDir, Path outDir, Path windows, Path profiles) {
        public Options {
            if (dataDir == null || !Files.isDirectory(dataDir)) {
                throw new IllegalArgumentException("--nab " + dataDir + " is not a directory");
            }
            if (outDir == null) {
                throw new IllegalArgumentException("--out must be given");
            }
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
     * @param results one per profile, empty when not scored
     */
    public record Report(
            List<NabSeries> series, Optional<Path> windowsFile, List<NabResult> results) {}

    /**
     * Runs the default detector ({@link UnivariateAnomalyStack} with {@link
     * AnomalyConfig#defaults()}).
     */
    public static Report run(Options options, PrintWriter progress) {
        UnivariateAnomalyStack stack = new UnivariateAnomalyStack(AnomalyConfig.defaults());
        return run(options, s -> stack.scoreAll(instants(s.timestamps()), s.values()), progress);
    }

    /** Runs {@code detector} (series → one score in [0, 1] per row). */
    public static Report run(
            Options options, Function<NabSeries, double[]> detector, PrintWriter progress) {
        List<Path> files = dataFiles(options.dataDir(), options.outDir());
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no *.csv file under " + options.dataDir());
        }
        Optional<Path> windowsFile = windowsFile(options);
        Optional<NabLabels> labels = windowsFile.map(NabLabels::read);
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
                            w -> scored.add(NabScoredFile.of(relative, s.timestamps(), scores, w)),
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
            for (NabCostProfile p : profiles(options, windowsFile.get())) {
                results.add(NabScorer.score(scored, p));
            }
        }
        return new Report(List.copyOf(series), windowsFile, List.copyOf(results));
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

    private static List<Path> dataFiles(Path dir, Path outDir) {
        Path out = outDir.toAbsolutePath().normalize();
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".csv"))
                    .filter(Files::isRegularFile)
                    .filter(p -> !p.toAbsolutePath().normalize().startsWith(out))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }
}
