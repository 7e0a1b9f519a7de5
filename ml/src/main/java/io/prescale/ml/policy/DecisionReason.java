package io.prescale.ml.policy;

/** Why an allocation was decided; a {@link Decision} carries one with the numbers behind it. */
public enum DecisionReason {
    /** No history yet: the class profile's level. */
    COLD_START_PROFILE,
    /** No history and no class profile: the configured safe default. */
    COLD_START_DEFAULT,
    /** Raised to the forecast quantile (the confidence gate passed or the rise is reactive). */
    SCALE_UP_FORECAST,
    /** A proactive rise was gated: P(demand > current) was below the confidence threshold. */
    HOLD_LOW_CONFIDENCE,
    /** The forecast is below the allocation but the lease (stabilisation window) still holds. */
    HOLD_STABILISING,
    /** The forecast is at the allocation (after quantisation): nothing to do. */
    HOLD_STEADY,
    /** The lease expired: the allocation decays towards the forecast by the release factor. */
    RELEASE_DECAY,
    /** The change was limited by the maximum change per step. */
    RATE_LIMITED,
    /** Clamped to the configured minimum or maximum. */
    CLAMPED,
    /** The session ended: everything is released. */
    SESSION_END,
    /** A reference policy's own rule (reactive, seasonal, VPA-like, static peak, oracle). */
    REFERENCE_RULE
}
