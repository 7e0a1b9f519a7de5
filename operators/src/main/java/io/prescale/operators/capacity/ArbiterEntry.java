package io.prescale.operators.capacity;

import io.prescale.operators.allocation.AllocationRequest;
import java.time.Instant;

/**
 * The arbiter's state of one entity in its pool.
 *
 * @param request the entity's latest request, {@code null} once its lease lapsed
 * @param interim an earlier request of the same round that the latest one superseded (a cold start
 *     needed before the entity's regular decision), or {@code null}
 * @param fresh whether {@code request} arrived since the last arbitration
 * @param granted the grant in force after the last command, 0 before the first and after a lapse
 * @param since when that grant took effect (needed-by of the last command), {@code null} before the
 *     first command
 * @param version the version of the last command, 0 before the first; monotonic per (entity,
 *     resource) for the life of the entry
 */
public record ArbiterEntry(
        AllocationRequest request,
        AllocationRequest interim,
        boolean fresh,
        double granted,
        Instant since,
        long version) {

    /** The first request of a new entity. */
    public static ArbiterEntry first(AllocationRequest r) {
        return new ArbiterEntry(r, null, true, 0, null, 0);
    }

    /**
     * Takes in a new request. Within one round the request needed latest is the entity's request;
     * the earliest of the others (needed strictly before it) is kept as the interim request.
     */
    public ArbiterEntry with(AllocationRequest r) {
        if (!fresh || request == null) {
            return new ArbiterEntry(r, null, true, granted, since, version);
        }
        boolean newer = !r.neededBy().isBefore(request.neededBy());
        AllocationRequest latest = newer ? r : request;
        AllocationRequest other = newer ? request : r;
        AllocationRequest earliest = interim;
        if (other.neededBy().isBefore(latest.neededBy())
                && (earliest == null || other.neededBy().isBefore(earliest.neededBy()))) {
            earliest = other;
        }
        return new ArbiterEntry(latest, earliest, true, granted, since, version);
    }

    /** After a commit of {@code amount} effective at {@code from}: the next version. */
    public ArbiterEntry committed(double amount, Instant from) {
        return new ArbiterEntry(request, interim, fresh, amount, from, version + 1);
    }

    /** After the round: nothing fresh, no interim. */
    public ArbiterEntry settled() {
        return new ArbiterEntry(request, null, false, granted, since, version);
    }

    /** The lease lapsed at {@code from}: the request and its grant are gone; the version stays. */
    public ArbiterEntry lapsed(Instant from) {
        return new ArbiterEntry(null, null, false, 0, from, version);
    }

    /** When a new grant may take effect: not before {@code t}, nor before the grant in force. */
    public Instant effectiveFrom(Instant t) {
        return since != null && since.isAfter(t) ? since : t;
    }
}
