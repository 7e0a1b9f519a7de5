package io.prescale.operators.allocation;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** The Flink metrics of the allocation operator. */
final class AllocationMetrics {
    final Counter requests;
    final Counter sessionsStarted;
    final Counter sessionsEnded;
    final Counter reclassified;
    final Counter hinted;
    final Counter disabled;
    final Counter outOfOrder;
    final Counter overrides;
    final Counter profilesDropped;

    AllocationMetrics(MetricGroup g, ClassProfiles profiles, Overrides overrides) {
        requests = g.counter("allocationRequests");
        sessionsStarted = g.counter("sessionsStarted");
        sessionsEnded = g.counter("sessionsEnded");
        reclassified = g.counter("sessionsReclassified");
        hinted = g.counter("decisionsRaisedByHints");
        disabled = g.counter("decisionsWithheldDisabled");
        outOfOrder = g.counter("windowsOutOfOrder");
        this.overrides = g.counter("overridesReceived");
        profilesDropped = g.counter("classProfilesDropped");
        g.gauge("classProfiles", profiles::size);
        g.gauge("overrideConflicts", overrides::conflicts);
    }
}
