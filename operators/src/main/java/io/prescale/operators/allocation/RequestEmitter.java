package io.prescale.operators.allocation;

import io.prescale.ml.feedback.HintBoost;
import io.prescale.ml.policy.DecisionReason;
import io.prescale.ml.policy.DecisionSlot;
import io.prescale.ml.session.GapRelease;
import java.time.Instant;
import org.apache.flink.util.Collector;

/**
 * Turns decisions into {@link AllocationRequest}s for {@link EntityAllocationFunction}: reads the
 * policy's decision slot, raises it to a hint that covers it ({@link HintBoost}), withholds it
 * while the policy is disabled, and sends it when it changes the allocation or its speculative
 * (pre-warm) part or, while both hold, when half the lease has passed since the last request
 * ({@link RequestBuilder#renewalDue}): a request's lease expiry says when its amount lapses in the
 * pool unless renewed, so an amount that holds is renewed, and one lapses only when the job stops
 * deciding for the entity. Also walks silent steps by the policy's gap rule ({@link GapRelease}).
 */
final class RequestEmitter {
    private final RequestBuilder requests;
    private final HintStore hints;
    private final AllocationMetrics metrics;
    private final DecisionSlot slot;

    RequestEmitter(
            RequestBuilder requests,
            HintStore hints,
            AllocationMetrics metrics,
            DecisionSlot slot) {
        this.requests = requests;
        this.hints = hints;
        this.metrics = metrics;
        this.slot = slot;
    }

    /** The decision in the slot, with the forecast behind it in its reason. */
    Decided fromSlot(double reactiveLevel, boolean proactive) {
        return new Decided(
                slot.forGridStep(),
                slot.allocation(),
                String.valueOf(slot.reason()),
                slot.forecast(),
                reactiveLevel,
                proactive,
                slot.quantileLevel(),
                slot.confidence());
    }

    /**
     * Emits the request for {@code d} (raised by a hint covering its time, except a session's
     * release) when it differs from the last one; returns the track with it recorded.
     */
    ResourceTrack request(Target to, ResourceTrack t, Decided d, Collector<AllocationRequest> out)
            throws Exception {
        if (!to.policy().enabled()) {
            metrics.disabled.inc();
            return t.unrequested();
        }
        long neededBy = d.forStep() * requests.stepMillis();
        // the cause is where the reason starts: no need to write the forecast out
        boolean release = d.cause().startsWith(DecisionReason.SESSION_END.name());
        if (!release && to.session().hintsUntilMillis() > neededBy) {
            double hinted =
                    HintBoost.hinted(
                            hints.all(),
                            to.spec().metric(),
                            Instant.ofEpochMilli(neededBy),
                            to.policy().config().limits());
            if (hinted > d.amount()) {
                d = d.raisedTo(hinted, HintBoost.REASON + " over " + d.reason());
                metrics.hinted.inc();
            }
        }
        long lease = requests.leaseExpiryMillis(d.forStep());
        // a hinted amount that holds while the policy's own moves under it changes its parts
        double speculative = RequestBuilder.speculative(to.policy(), d);
        if (d.amount() == t.requested()
                && speculative == t.requestedSpeculative()
                && !requests.renewalDue(t.leaseExpiryMillis(), lease)) {
            return t;
        }
        out.collect(
                requests.build(
                        to.entity(), to.spec(), to.policy(), d, speculative, to.issuedAtMillis()));
        metrics.requests.inc();
        return t.requested(d.amount(), speculative, lease);
    }

    /** The silent steps after the track's last one up to {@code g}, by the policy's gap rule. */
    ResourceTrack release(Target to, ResourceTrack t, long g, Collector<AllocationRequest> out)
            throws Exception {
        double a = t.inGap() ? t.gapAllocation() : t.policy().currentAllocation();
        long lease = GapRelease.leaseExpiryStep(t.policy());
        // the end of the last window with data, when the silence began
        long silentFrom = (t.lastStep() + 1) * requests.stepMillis();
        for (long m = Math.max(t.lastStep(), t.gapThrough()) + 1; m <= g; m++) {
            a = GapRelease.afterMissingStep(to.policy().config(), a, m, lease, t.lastStep() + 1);
            DecisionReason why =
                    m < lease ? DecisionReason.HOLD_STABILISING : DecisionReason.RELEASE_DECAY;
            Decided d =
                    Decided.of(
                            m + t.leadSteps(),
                            a,
                            why + AllocationRequest.NO_DATA + Instant.ofEpochMilli(silentFrom),
                            0,
                            false);
            t = request(to, t.gapped(m, a), d, out);
        }
        return t;
    }
}
