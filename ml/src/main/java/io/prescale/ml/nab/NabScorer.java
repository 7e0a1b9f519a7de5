package io.prescale.ml.nab;

import io.prescale.ml.trace.Plural;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NAB's scorer (Lavin &amp; Ahmad 2015; the rules of NAB 1.x {@code nab/sweeper.py}, written anew):
 * every threshold is tried at once by sweeping the points of all files from the highest anomaly
 * score down, and the one global threshold with the highest raw score is kept.
 *
 * <p>Only the earliest detection in a window counts (its reward is the largest, so the window's
 * value is the maximum reward of its detections); every detection outside a window costs its factor
 * × A_FP; a window with none costs A_FN. Normalisation is NAB's: {@code 100 (raw − null) / (perfect
 * − null)} with null = −A_FN × windows and perfect = A_TP × windows, counting the windows that hold
 * at least one row after the probationary period (NAB counts every labelled window; the two agree
 * whenever no window lies wholly in a probationary period).
 */
public final class NabScorer {
    private NabScorer() {}

    /**
     * Scores the files under {@code profile} at the threshold the sweep finds best for it.
     *
     * @throws IllegalArgumentException when no file has a scorable window
     */
    public static NabResult score(List<NabScoredFile> files, NabCostProfile profile) {
        return scoreAt(files, profile, bestThreshold(files, profile, windows(files)));
    }

    /**
     * Scores the files under {@code profile} with the threshold fixed at {@code threshold} (a point
     * is a detection when its score is {@code >= threshold}): what a user alerting there gets,
     * whatever threshold the sweep would choose.
     *
     * @throws IllegalArgumentException when no file has a scorable window
     */
    public static NabResult scoreAt(
            List<NabScoredFile> files, NabCostProfile profile, double threshold) {
        int totalWindows = windows(files);
        List<NabResult.FileDetail> details = new ArrayList<>();
        double raw = 0;
        for (NabScoredFile f : files) {
            NabResult.FileDetail d = atThreshold(f, profile, threshold);
            details.add(d);
            raw += d.raw();
        }
        return new NabResult(
                profile,
                threshold,
                raw,
                -profile.fnWeight() * totalWindows,
                profile.tpWeight() * totalWindows,
                List.copyOf(details));
    }

    private static int windows(List<NabScoredFile> files) {
        int totalWindows = files.stream().mapToInt(NabScoredFile::windows).sum();
        if (totalWindows == 0) {
            throw new IllegalArgumentException(
                    "no labelled window holds a row after the probationary period (each file's"
                            + " first 15 %, at most 750 rows) in "
                            + Plural.of(files.size(), "labelled file")
                            + ": nothing to score");
        }
        return totalWindows;
    }

    /** The sweep: the threshold (a score value, or +∞ for none) with the highest raw score. */
    static double bestThreshold(List<NabScoredFile> files, NabCostProfile p, int totalWindows) {
        int n = files.stream().mapToInt(NabScoredFile::size).sum();
        double[] score = new double[n];
        int[] window = new int[n];
        double[] unit = new double[n];
        int offset = 0;
        int windowBase = 0;
        for (NabScoredFile f : files) {
            for (int i = 0; i < f.size(); i++) {
                score[offset + i] = f.scores()[i];
                window[offset + i] = f.window()[i] < 0 ? -1 : windowBase + f.window()[i];
                unit[offset + i] = f.unit()[i];
            }
            offset += f.size();
            windowBase += maxWindow(f) + 1;
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        double[] best = new double[windowBase];
        Arrays.fill(best, Double.NaN);
        double raw = -p.fnWeight() * totalWindows;
        double bestRaw = raw;
        double bestThreshold = Double.POSITIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            raw += change(window[i], unit[i], best, p);
            boolean lastOfValue = k + 1 == n || score[order[k + 1]] != score[i];
            if (lastOfValue && raw > bestRaw) {
                bestRaw = raw;
                bestThreshold = score[i];
            }
        }
        return bestThreshold;
    }

    /** Change of the raw score when point (window w, unit value u) becomes a detection. */
    private static double change(int w, double u, double[] best, NabCostProfile p) {
        if (w < 0) {
            return u * p.fpWeight();
        }
        if (Double.isNaN(best[w])) {
            best[w] = u;
            return p.fnWeight() + u * p.tpWeight();
        }
        if (u > best[w]) {
            double delta = (u - best[w]) * p.tpWeight();
            best[w] = u;
            return delta;
        }
        return 0;
    }

    private static int maxWindow(NabScoredFile f) {
        int max = -1;
        for (int w : f.window()) {
            max = Math.max(max, w);
        }
        return max;
    }

    /** One file's detail with detections {@code score >= threshold}. */
    static NabResult.FileDetail atThreshold(NabScoredFile f, NabCostProfile p, double threshold) {
        double[] best = new double[maxWindow(f) + 1];
        Arrays.fill(best, Double.NaN);
        double raw = -p.fnWeight() * f.windows();
        int fp = 0;
        for (int i = 0; i < f.size(); i++) {
            if (f.scores()[i] >= threshold) {
                raw += change(f.window()[i], f.unit()[i], best, p);
                fp += f.window()[i] < 0 ? 1 : 0;
            }
        }
        int detected = 0;
        for (double b : best) {
            detected += Double.isNaN(b) ? 0 : 1;
        }
        return new NabResult.FileDetail(f.name(), f.windows(), detected, fp, f.days(), raw);
    }
}
