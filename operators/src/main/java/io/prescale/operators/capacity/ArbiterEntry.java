package io.prescale.operators.capacity;

import io.prescale.operators.allocation.AllocationRequest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The arbiter's state of one entity in its pool.
 *
 * <p>Requests wait for the round of their step (the watermark can pass several steps at once, so
 * the requests of steps s, s + 1, … may all arrive before the round of step s runs) in a list of
 * their round, which {@link ArbiterOperator} keeps; a round queues its own requests here, and
 * {@link #due} takes them in, in arrival order. An entry of a checkpoint from before that list
 * holds the requests of later rounds in its queue, and they are taken in at their rounds alike.
 *
 * @param request the entity's latest arbitrated request, {@code null} before its first round and
 *     once its lease lapsed
 * @param interim an earlier request of the same round that the latest one superseded (a cold start
 *     needed before the entity's regular decision), or {@code null}
 * @param fresh whether {@code request} came in with this round
 * @param granted the grant in force after the last command, 0 before the first and after a lapse
 * @param since when that grant took effect (needed-by of the last command), {@code null} before the
 *     first command
 * @param version the version of the last command, 0 before the first; monotonic per (entity,
 *     resource), also across fresh starts ({@link CommandVersions})
 * @param queued requests waiting for their round, in arrival order
 * @param queuedRounds the round (event time, epoch ms) of each queued request
 */
public record ArbiterEntry(
        AllocationRequest request,
        AllocationRequest interim,
        boolean fresh,
        double granted,
        Instant since,
        long version,
        AllocationRequest[] queued,
        long[] queuedRounds) {

    public ArbiterEntry {
        Objects.requireNonNull(queued, "queued");
        Objects.requireNonNull(queuedRounds, "queuedRounds");
        if (queued.length != queuedRounds.length) {
            throw new IllegalArgumentException(
                    "queued and queuedRounds must have the same length, were "
                            + queued.length
                            + " and "
                            + queuedRounds.length);
        }
    }

    /** A new entity, nothing requested yet. */
    public static ArbiterEntry empty() {
        return new ArbiterEntry(
                null, null, false, 0, null, 0, new AllocationRequest[0], new long[0]);
    }

    /** Queues {@code r} for the round at {@code roundMillis}. */
    public ArbiterEntry queue(AllocationRequest r, long roundMillis) {
        AllocationRequest[] q = Arrays.copyOf(queued, queued.length + 1);
        long[] rounds = Arrays.copyOf(queuedRounds, queuedRounds.length + 1);
        q[queued.length] = r;
        rounds[queued.length] = roundMillis;
        return new ArbiterEntry(request, interim, fresh, granted, since, version, q, rounds);
    }

    /**
     * Whether the entity has no history in the pool: nothing requested in force and no grant ever
     * commanded or lapsed (a new entity, or one forgotten after its state TTL). Its next request is
     * its first in the pool.
     */
    public boolean newcomer() {
        return request == null && since == null;
    }

    /** Takes in the queued requests whose round is at or before {@code roundMillis}. */
    public ArbiterEntry due(long roundMillis) {
        int due = 0;
        for (long r : queuedRounds) {
            if (r <= roundMillis) {
                due++;
            }
        }
        if (due == 0) {
            return this;
        }
        ArbiterEntry e = this;
        AllocationRequest[] q = new AllocationRequest[queued.length - due];
        long[] rounds = new long[q.length];
        for (int i = 0, k = 0; i < queued.length; i++) {
            if (queuedRounds[i] <= roundMillis) {
                e = e.with(queued[i]);
            } else {
                q[k] = queued[i];
                rounds[k++] = queuedRounds[i];
            }
        }
        return new ArbiterEntry(e.request, e.interim, e.fresh, granted, since, version, q, rounds);
    }

    /**
     * The entry with its silent steps' requests held to the grant in force ({@link
     * AllocationRequest#heldTo}): the interim to the grant, the request to the grant or the
     * interim's amount, which the round commits first (this entry when nothing is held).
     */
    public ArbiterEntry held() {
        AllocationRequest i = interim == null ? null : interim.heldTo(granted);
        AllocationRequest r =
                request == null
                        ? null
                        : request.heldTo(Math.max(granted, i == null ? 0 : i.amount()));
        if (i == interim && r == request) {
            return this;
        }
        return new ArbiterEntry(r, i, fresh, granted, since, version, queued, queuedRounds);
    }

    /**
     * Takes in a request of this round. Within one round the request needed latest is the entity's
     * request; the earliest of the others (needed strictly before it) is kept as the interim. A
     * {@linkplain AllocationRequest#leaves leave} replaces whatever came before it in the round,
     * and a request after a leave replaces the leave (the entity came back).
     */
    ArbiterEntry with(AllocationRequest r) {
        if (!fresh || request == null || r.leaves() || request.leaves()) {
            return new ArbiterEntry(r, null, true, granted, since, version, queued, queuedRounds);
        }
        boolean newer = !r.neededBy().isBefore(request.neededBy());
        AllocationRequest latest = newer ? r : request;
        AllocationRequest other = newer ? request : r;
        AllocationRequest earliest = interim;
        if (other.neededBy().isBefore(latest.neededBy())
                && (earliest == null || other.neededBy().isBefore(earliest.neededBy()))) {
            earliest = other;
        }
        return new ArbiterEntry(
                latest, earliest, true, granted, since, version, queued, queuedRounds);
    }

    /**
     * After a commit of {@code amount} effective at {@code from}: the next version ({@code
     * firstVersion} for the entry's first command, see {@link CommandVersions}).
     */
    public ArbiterEntry committed(double amount, Instant from, long firstVersion) {
        long v = CommandVersions.next(version, firstVersion);
        return new ArbiterEntry(request, interim, fresh, amount, from, v, queued, queuedRounds);
    }

    /** After the round: nothing fresh, no interim (this entry when it is so already). */
    public ArbiterEntry settled() {
        if (!fresh && interim == null) {
            return this;
        }
        return new ArbiterEntry(
                request, null, false, granted, since, version, queued, queuedRounds);
    }

    /** The lease lapsed at {@code from}: the request and its grant are gone; the version stays. */
    public ArbiterEntry lapsed(Instant from) {
        return new ArbiterEntry(null, null, false, 0, from, version, queued, queuedRounds);
    }

    /**
     * Whether the entry can be removed at {@code now}: nothing requested or queued, and its grant
     * lapsed (or was never commanded) at least {@code ttl} ago.
     */
    public boolean forgettable(Instant now, java.time.Duration ttl) {
        return request == null
                && queued.length == 0
                && (since == null || !since.plus(ttl).isAfter(now));
    }

    /**
     * The first round (event time, epoch ms) at which a round has something to do with this entry:
     * the earliest of the moment it is {@linkplain #fresh fresh} (always), its queued requests'
     * rounds, its request's lease expiry (whether or not the job still decides for the entity, see
     * {@code PoolRound}), and, with nothing requested or queued, the moment it becomes {@linkplain
     * #forgettable forgettable}. A round at t has nothing to do with the entry (nothing fresh, no
     * queued request due, no lease lapsed, not forgettable) exactly when t is before it. Instants
     * are rounded up to the next millisecond, as a round at t sees what is due by t.
     */
    public long activeFrom(java.time.Duration ttl) {
        if (fresh) {
            return Long.MIN_VALUE;
        }
        if (request == null && queued.length == 0) {
            return since == null ? Long.MIN_VALUE : ceilMillis(since.plus(ttl));
        }
        long at = request == null ? Long.MAX_VALUE : ceilMillis(request.leaseExpiry());
        for (long r : queuedRounds) {
            at = Math.min(at, r);
        }
        return at;
    }

    /** The first epoch millisecond not before {@code t}, saturated at the ends of {@code long}. */
    private static long ceilMillis(Instant t) {
        try {
            return t.toEpochMilli() + (t.getNano() % 1_000_000 == 0 ? 0 : 1);
        } catch (ArithmeticException overflow) {
            return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** When a new grant may take effect: not before {@code t}, nor before the grant in force. */
    public Instant effectiveFrom(Instant t) {
        return since != null && since.isAfter(t) ? since : t;
    }

    @Override
    public boolean equals(Object o) {
        // most entries of a pool come out of a round untouched: the same object
        return o == this
                || o instanceof ArbiterEntry e
                        && Objects.equals(request, e.request)
                        && Objects.equals(interim, e.interim)
                        && fresh == e.fresh
                        && Double.compare(granted, e.granted) == 0
                        && Objects.equals(since, e.since)
                        && version == e.version
                        && Arrays.equals(queued, e.queued)
                        && Arrays.equals(queuedRounds, e.queuedRounds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(request, interim, fresh, granted, since, version)
                + 31 * Arrays.hashCode(queued)
                + 17 * Arrays.hashCode(queuedRounds);
    }

    @Override
    public String toString() {
        return "ArbiterEntry[request="
                + request
                + ", interim="
                + interim
                + ", fresh="
                + fresh
                + ", granted="
                + granted
                + ", since="
                + since
                + ", version="
                + version
                + ", queued="
                + Arrays.toString(queued)
                + "]";
    }
}
