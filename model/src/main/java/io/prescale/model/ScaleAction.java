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
    RECLASS
}
