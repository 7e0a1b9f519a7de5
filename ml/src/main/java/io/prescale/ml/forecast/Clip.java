package io.prescale.ml.forecast;

/** Clipping on the per-update hot paths. */
final class Clip {
    private Clip() {}

    /**
     * {@code u} clipped to ±{@code bound} (bound &gt; 0, finite), equal to {@code Math.max(−bound,
     * Math.min(bound, u))} for every u, NaN and −0 included. Branches (almost never taken) rather
     * than min / max: on x86 the JIT's double min / max is a blend sequence several cycles long,
     * and the AR members' forecast recursion pays it twice per horizon on its dependency chain.
     */
    static double symmetric(double u, double bound) {
        return u < -bound ? -bound : u > bound ? bound : u;
    }
}
