package io.prescale.ml.series;

import java.util.Arrays;

/**
 * The forecasts of the scored horizons, remembered from the step they are issued at until the step
 * they are for: horizon h keeps a ring of h slots, the forecast for step t in slot {@code t mod h},
 * each holding its target step and the mean and {@link SeriesModel#SCORED_LEVELS} quantiles as
 * issued. A slot whose target is not the arriving step (a gap, a fresh state) scores nothing.
 */
final class IssuedForecasts {
    /** Floats per slot: the mean, then one per scored level. */
    static final int FLOATS = 1 + SeriesModel.SCORED_LEVELS.length;

    private final int[] horizons;
    private final int[] offsets;
    private final int slots;

    IssuedForecasts(int[] horizons) {
        this.horizons = horizons.clone();
        this.offsets = new int[horizons.length];
        int total = 0;
        for (int i = 0; i < horizons.length; i++) {
            offsets[i] = total;
            total += horizons[i];
        }
        this.slots = total;
    }

    int slots() {
        return slots;
    }

    long[] newTargets() {
        long[] t = new long[slots];
        Arrays.fill(t, Long.MIN_VALUE);
        return t;
    }

    float[] newIssued() {
        return new float[slots * FLOATS];
    }

    /**
     * Copies each scored horizon's forecast for step {@code t}, if remembered, into {@code out}.
     */
    void due(SeriesState s, long t, SeriesStep out) {
        for (int i = 0; i < horizons.length; i++) {
            int slot = slot(i, t);
            boolean due = s.targets()[slot] == t;
            out.scored[i] = due;
            if (due) {
                for (int k = 0; k < FLOATS; k++) {
                    out.issued[i * FLOATS + k] = s.issued()[slot * FLOATS + k];
                }
            }
        }
    }

    /**
     * Remembers what the read in {@code out}, made at step t, forecasts for each scored horizon.
     */
    void remember(SeriesState s, long t, SeriesStep out) {
        for (int i = 0; i < horizons.length; i++) {
            int h = horizons[i];
            int slot = slot(i, t + h);
            int at = slot * FLOATS;
            s.targets()[slot] = t + h;
            s.issued()[at] = (float) out.mean(h);
            for (int k = 0; k < SeriesModel.SCORED_LEVELS.length; k++) {
                s.issued()[at + 1 + k] = (float) out.scoredQuantile(h, k);
            }
        }
    }

    private int slot(int i, long step) {
        return offsets[i] + (int) Math.floorMod(step, (long) horizons[i]);
    }
}
