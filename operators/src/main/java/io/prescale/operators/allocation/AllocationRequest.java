package io.prescale.operators.allocation;

import io.prescale.ml.capacity.Grant;
import io.prescale.ml.policy.DecisionReason;
import io.prescale.operators.types.SerializedTypeInfo;
import java.time.Instant;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * What the per-entity allocation operator asks of its pool for one resource, before the capacity
 * arbiter (keyed by pool and resource) grants it, cuts it or denies it and turns the grant into a
 * versioned {@code ScaleCommand}. Versions are assigned by the arbiter, because a cut of one entity
 * can follow from another entity's request, and carried on across pool moves by the ledger.
 *
 * @param entity the entity asking
 * @param pool the capacity pool the entity draws from ({@code default} unless configured)
 * @param resource the resource, e.g. {@code cpu}
 * @param unit the unit of {@code amount}, e.g. {@code pct} or {@code vcpu}
 * @param tier priority tier, 0 the highest; higher tiers are served first
 * @param amount the absolute allocation wanted, &ge; 0
 * @param speculative the part of {@code amount} that is pre-warm beyond the reactive level (the
 *     policy's proactive rise), in [0, amount]; reclaimed first when capacity is short
 * @param floor the entity's minimum, in [0, amount]; never cut below it unless the pool's capacity
 *     cannot hold the floors of higher tiers
 * @param reason the policy's reason with the numbers behind it
 * @param quantileLevel the quantile level of the forecast behind the decision, in [0, 1]
 * @param horizonSteps the forecast horizon in steps (the lead L)
 * @param confidence P(demand &gt; current allocation) in [0, 1] (0 when not computed: the cold
 *     start, a gap's release)
 * @param issuedAt event time of the decision (end of the window that triggered it)
 * @param neededBy when the capacity must be in place
 * @param leaseExpiry when the allocation lapses unless renewed
 */
public record AllocationRequest(
        String entity,
        String pool,
        String resource,
        String unit,
        int tier,
        double amount,
        double speculative,
        double floor,
        String reason,
        double quantileLevel,
        int horizonSteps,
        double confidence,
        Instant issuedAt,
        Instant neededBy,
        Instant leaseExpiry) {

    /**
     * What follows the policy's reason in a silent step's request (the gap rule's hold or release,
     * with no window since the time after it).
     */
    public static final String NO_DATA = " no data since ";

    /** The start of a {@linkplain #leave leave}'s reason, followed by the new pool. */
    public static final String MOVED = "MOVED to pool ";

    public AllocationRequest {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(neededBy, "neededBy");
        Objects.requireNonNull(leaseExpiry, "leaseExpiry");
        if (tier < 0) {
            throw new IllegalArgumentException("tier must be >= 0, was " + tier);
        }
        if (!(amount >= 0) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException("amount must be finite and >= 0, was " + amount);
        }
        if (!(speculative >= 0 && speculative <= amount)) {
            throw new IllegalArgumentException(
                    "speculative must be in [0, amount=" + amount + "], was " + speculative);
        }
        if (!(floor >= 0 && floor <= amount)) {
            throw new IllegalArgumentException(
                    "floor must be in [0, amount=" + amount + "], was " + floor);
        }
        if (!(quantileLevel >= 0 && quantileLevel <= 1)) {
            throw new IllegalArgumentException(
                    "quantileLevel must be in [0, 1], was " + quantileLevel);
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], was " + confidence);
        }
    }

    /** The type of a stream of requests, written by {@link AllocationRequestSerializer}. */
    public static TypeInformation<AllocationRequest> type() {
        return SerializedTypeInfo.of(AllocationRequest.class, AllocationRequestSerializer.INSTANCE);
    }

    /**
     * What an entity that moved from {@code oldPool} to its pool in {@code to} sends the old pool
     * for {@code to}'s resource: a leave, which gives back the grant it holds there from {@code
     * neededBy} on (when the new pool's grant takes effect) without a command, and forgets the
     * entity in that pool. It asks for nothing (amount 0) and its reason starts with {@value
     * #MOVED}, which no policy reason does.
     */
    static AllocationRequest leave(String oldPool, Target to, Instant neededBy) {
        return new AllocationRequest(
                to.entity(),
                oldPool,
                to.spec().resource(),
                to.spec().unit(),
                to.policy().tier(),
                0,
                0,
                0,
                MOVED + to.policy().pool(),
                0,
                0,
                0,
                Instant.ofEpochMilli(to.issuedAtMillis()),
                neededBy,
                neededBy);
    }

    /**
     * Whether this is the release of an entity's session end (the policy's {@code SESSION_END}):
     * the job stops deciding for the entity after it.
     */
    public boolean endsSession() {
        return amount == 0 && reason.startsWith(DecisionReason.SESSION_END.name());
    }

    /**
     * Whether this is a silent step's request: the gap rule's hold or release of an entity that
     * sends no data (not raised by a hint, whose reason comes first). It may keep or lower the
     * entity's grant, never raise it: capacity freed by others during the silence went to an entity
     * that was not there (a tester's cut entities rose when their pool emptied, to the releases
     * their requests had decayed to, and one never granted rose from 0).
     */
    public boolean silent() {
        return (reason.startsWith(DecisionReason.RELEASE_DECAY.name())
                        || reason.startsWith(DecisionReason.HOLD_STABILISING.name()))
                && reason.contains(NO_DATA);
    }

    /**
     * This request, or, when it is a {@linkplain #silent silent step's} asking more than {@code
     * ceiling}, the same held at {@code ceiling}, saying so after its reason: what the pool
     * arbitrates, commands and records for it, so that its numbers add up.
     */
    public AllocationRequest heldTo(double ceiling) {
        // the amount first: every entry of a pool is held at every round, and few ask above
        // their grant, so the reason's text is read only for those
        if (amount <= ceiling || !silent()) {
            return this;
        }
        return new AllocationRequest(
                entity,
                pool,
                resource,
                unit,
                tier,
                ceiling,
                Math.min(speculative, ceiling),
                Math.min(floor, ceiling),
                reason
                        + "; held at the grant in force, "
                        + Grant.decimal(ceiling)
                        + " (released to "
                        + Grant.decimal(amount)
                        + ")",
                quantileLevel,
                horizonSteps,
                confidence,
                issuedAt,
                neededBy,
                leaseExpiry);
    }

    /** Whether this is a {@linkplain #leave leave} of its pool. */
    public boolean leaves() {
        return amount == 0 && reason.startsWith(MOVED);
    }

    /** The pool-and-resource key the arbiter is keyed by: {@code pool/resource}. */
    public String poolKey() {
        return pool + "/" + resource;
    }
}
