package io.prescale.ml.capacity;

/** Why a grant is what it is; a {@link Grant} carries one with the numbers behind it. */
public enum GrantReason {
    /** The whole request fits: granted = requested. */
    GRANTED,
    /** Floor and firm part granted; some or all of the speculative pre-warm part was reclaimed. */
    RECLAIMED_PREWARM,
    /**
     * The firm part was cut in proportion to the firm parts of the tier (the tier that could not be
     * served in full); the floor is kept, nothing speculative is granted.
     */
    CUT_PROPORTIONAL,
    /**
     * Even the floors did not fit: higher tiers' floors took the pool, and this tier's floors were
     * cut in proportion.
     */
    FLOOR_CUT,
    /** Nothing left for this request: granted 0 of a positive amount. */
    DENIED,
    /**
     * The arbitrated grant had to wait: until cuts of other entities take effect, the pool's
     * capacity is already committed, so only the free part was granted now (interim requests and
     * pools that mix lead times; see {@link CommitPlanner}).
     */
    LIMITED_BY_COMMITTED,
    /** The request's lease lapsed without renewal; its capacity went back to the pool. */
    LEASE_EXPIRED,
    /**
     * The entity moved to another pool (an override or its tenant changed its pool): its grant left
     * this pool without a command, as the new pool commands the entity from then on.
     */
    MOVED
}
