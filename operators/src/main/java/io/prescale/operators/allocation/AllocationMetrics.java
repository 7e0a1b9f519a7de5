package io.prescale.operators.allocation;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The Flink metrics of the allocation operator. {@code windowsBehindWatermark} counts windows that
 * reached the operator after its event time had passed them: their requests' arbitration rounds are
 * already due and run only at the next watermark (at the end of a replay, never). It stays 0 when
 * the operator's event time is driven by the windows alone.
 */
final class AllocationMetrics {
    final Counter requests;
    final Counter sessionsStarted;
    final Counter sessionsEnded;
    final Counter reclassified;
    final Counter hinted;
    final Counter hintsExpired;
    final Counter deadLettered;
    final Counter disabled;
    final Counter outOfOrder;
    final Counter windowsBehindWatermark;
    final Counter overrides;
    final Counter profilesDropped;
    final Counter poolsLeft;

    AllocationMetrics(MetricGroup g, ClassProfiles profiles, Overrides overrides) {
        requests = g.counter("allocationRequests");
        sessionsStarted = g.counter("sessionsStarted");
        sessionsEnded = g.counter("sessionsEnded");
        reclassified = g.counter("sessionsReclassified");
        hinted = g.counter("decisionsRaisedByHints");
        hintsExpired = g.counter("hintsExpired");
        deadLettered = g.counter("recordsDeadLettered");
        disabled = g.counter("decisionsWithheldDisabled");
        outOfOrder = g.counter("windowsOutOfOrder");
        windowsBehindWatermark = g.counter("windowsBehindWatermark");
        this.overrides = g.counter("overridesReceived");
        profilesDropped = g.counter("classProfilesDropped");
        poolsLeft = g.counter("poolsLeft");
        g.gauge("classProfiles", profiles::size);
        g.gauge("overrideConflicts", overrides::conflicts);
    }
}
