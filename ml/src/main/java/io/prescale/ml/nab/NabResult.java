package io.prescale.ml.nab;

import java.util.List;

/**
 * The NAB score of one detector's results under one cost profile, at the one threshold over all
 * files that maximises the raw score.
 *
 * @param profile the cost profile
 * @param threshold a point is a detection when its anomaly score is {@code >= threshold}; {@link
 *     Double#POSITIVE_INFINITY} when no detection at all scores best
 * @param raw the raw score: Σ over windows (the reward of the earliest detection × A_TP, or −A_FN
 *     when none) + Σ over detections outside windows (their cost factor × A_FP)
 * @param nullScore the raw score of a detector that never fires: −A_FN × windows
 * @param perfectScore the raw score of one detection at each window's first row: A_TP × windows
 * @param files per-file detail at the threshold
 */
public record NabResult(
        NabCostProfile profile,
        double threshold,
        double raw,
        double nullScore,
        double perfectScore,
        List<FileDetail> files) {

    /**
     * {@code 100 (raw − null) / (perfect − null)}: 0 for the null detector, 100 for the perfect.
     */
    public double normalized() {
        return 100.0 * (raw - nullScore) / (perfectScore - nullScore);
    }

    /** Scorable windows over all files. */
    public int windows() {
        return files.stream().mapToInt(FileDetail::windows).sum();
    }

    /** Windows with at least one detection, over all files. */
    public int detected() {
        return files.stream().mapToInt(FileDetail::detected).sum();
    }

    /** Detections outside every window, over all files. */
    public int falsePositives() {
        return files.stream().mapToInt(FileDetail::falsePositives).sum();
    }

    /**
     * False positives per series-day: {@link #falsePositives()} over the scored days of all files
     * (0 when they span no time).
     */
    public double falsePositivesPerDay() {
        double days = files.stream().mapToDouble(FileDetail::days).sum();
        return days > 0 ? falsePositives() / days : 0;
    }

    /**
     * One file at the chosen threshold.
     *
     * @param name relative path
     * @param windows scorable windows
     * @param detected windows with at least one detection
     * @param falsePositives detections outside every window (after the probationary period)
     * @param days the time its scored rows span, in days ({@link NabScoredFile#days})
     * @param raw this file's share of the raw score
     */
    public record FileDetail(
            String name, int windows, int detected, int falsePositives, double days, double raw) {}
}
