package io.prescale.operators.allocation;

import io.prescale.ml.overrides.EffectivePolicy;
import java.time.Instant;

/** Turns a {@link Decided} amount into the {@link AllocationRequest} an entity sends its pool. */
final class RequestBuilder {
    private final AllocationSettings settings;

    RequestBuilder(AllocationSettings settings) {
        this.settings = settings;
    }

    long stepMillis() {
        return settings.step().toMillis();
    }

    /** When the allocation needed by {@code forStep} lapses unless renewed. */
    long leaseExpiryMillis(long forStep) {
        return (forStep + 1) * stepMillis() + settings.lease().toMillis();
    }

    /**
     * Whether an unchanged amount is renewed: a request now would extend the lease of the last one
     * ({@code lastLeaseExpiry}) by at least half a lease. The pool lapses a request at its lease
     * expiry, with a release command (it was never renewed: an amount that held was booked at 0
     * while the backend still ran it, and the next session end then had nothing to release).
     */
    boolean renewalDue(long lastLeaseExpiry, long leaseExpiry) {
        return leaseExpiry - settings.lease().toMillis() / 2 >= lastLeaseExpiry;
    }

    /**
     * The request, with {@code speculative} as {@link #speculative} has it (its caller has it
     * already, to tell whether the request changed), {@code floor = min(limits.min, amount)}.
     */
    AllocationRequest build(
            String entity,
            ResourceSpec spec,
            EffectivePolicy eff,
            Decided d,
            double speculative,
            long issuedAtMillis) {
        double floor = floor(eff, d);
        Instant neededBy = Instant.ofEpochMilli(d.forStep() * stepMillis());
        return new AllocationRequest(
                entity,
                eff.pool(),
                spec.resource(),
                spec.unit(),
                eff.tier(),
                d.amount(),
                speculative,
                floor,
                d.reason(),
                unit(d.quantileLevel()),
                eff.config().leadSteps(),
                unit(d.confidence()),
                Instant.ofEpochMilli(issuedAtMillis),
                neededBy,
                Instant.ofEpochMilli(leaseExpiryMillis(d.forStep())));
    }

    /**
     * The speculative (pre-warm) part of {@code d}'s request: {@code min(amount − floor, amount −
     * reactive level)} for a proactive rise, 0 otherwise, and never negative.
     */
    static double speculative(EffectivePolicy eff, Decided d) {
        return d.proactive()
                ? Math.max(0, Math.min(d.amount() - floor(eff, d), d.amount() - d.reactiveLevel()))
                : 0;
    }

    private static double floor(EffectivePolicy eff, Decided d) {
        return Math.min(eff.config().limits().min(), d.amount());
    }

    private static double unit(double x) {
        return Double.isNaN(x) ? 0 : Math.max(0, Math.min(1, x));
    }

    /** The step an allocation request is needed by. */
    static long stepOf(AllocationRequest r, long stepMillis) {
        return Math.floorDiv(r.neededBy().toEpochMilli(), stepMillis);
    }
}
