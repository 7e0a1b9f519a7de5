package io.prescale.model;

/** What a {@link ScaleCommand} asks the actuator to do. */
public enum ScaleAction {
    SCALE_UP,
    SCALE_DOWN,
    /** Start capacity ahead of predicted demand (a "shadow" instance). */
    PREWARM,
    /** Give back capacity: a lease expired, a session ended, or a pre-warm was not used. */
    RELEASE,
    /** The entity's bottleneck changed (e.g. CPU-bound to I/O-bound): reclassify it. */
    RECLASS,
    /**
     * The target in force confirmed and its lease extended: the grant held when its request was
     * renewed ({@code targetAmount == previousAmount}). A backend makes sure it runs that target,
     * so one that lost what it ran (an actuator restarted without its state, a workload scaled by
     * hand) is brought back to it; one already there changes nothing and reports it applied.
     */
    RENEW
}
