package io.prescale.operators.allocation;

import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says once in a subtask's log when its windows span {@value #STEPS} steps and none of them was of
 * a metric an allocated resource is demanded by: nothing is allocated and no command comes out
 * until one is, and a run that only counted {@code commandsIssued 0} said nothing about why (the
 * Azure trace's metrics are {@code cpu_max_pct} and {@code cpu_avg_pct}, the default demand metric
 * {@code cpu_pct}). Names the metrics that did come and the options that choose. With several
 * resources, says so too when some of their metrics came and others did not (a misspelt metric in
 * {@code allocation.resources} left its resource without a command, silently: the ninety-eighth
 * tester).
 *
 * <p>Steps are counted by the watermark, not by the windows that came: while the job works through
 * a backlog one metric's window subtask can run steps ahead of the demand metric's (the
 * twenty-first tester saw the warning at parallelism 4 in a run that issued all its commands).
 *
 * <p>Per subtask and never stored: after a restart it watches again from the restored windows.
 */
final class DemandWatch {
    private static final Logger LOG = LoggerFactory.getLogger(DemandWatch.class);
    static final int STEPS = 3;
    private static final int NAMES = 10;

    private final TreeSet<String> missing;
    private final TreeSet<String> came = new TreeSet<>();
    private final TreeSet<String> seen = new TreeSet<>();
    private long firstStep = Long.MIN_VALUE;
    private long windows;
    private boolean settled;

    DemandWatch(Set<String> demanded) {
        this.missing = new TreeSet<>(demanded);
    }

    /**
     * One window of {@code metric} at grid step {@code step}, the operator's event time at {@code
     * watermarkStep} (the last grid step whose windows are all in).
     *
     * @return whether this window made the watch speak
     */
    boolean window(String metric, long step, long watermarkStep) {
        if (settled) {
            return false;
        }
        windows++;
        if (missing.remove(metric)) {
            came.add(metric);
            settled = missing.isEmpty();
        } else if (!came.contains(metric) && seen.size() < NAMES) {
            seen.add(metric);
        }
        if (firstStep == Long.MIN_VALUE) {
            firstStep = step;
        }
        return watermark(watermarkStep);
    }

    /**
     * The operator's event time at {@code watermarkStep}, after windows or without any: a replay's
     * windows come in a burst ahead of the watermark that follows them, and its last burst left the
     * watch unspoken until more samples came (the ninety-ninth tester); the entities' timers call
     * this as the watermark moves.
     *
     * @return whether the watch spoke
     */
    boolean watermark(long watermarkStep) {
        if (settled || firstStep == Long.MIN_VALUE || watermarkStep - firstStep < STEPS - 1) {
            return false;
        }
        settled = true;
        if (came.isEmpty()) {
            LOG.warn(
                    "{} windows over {} steps, of metrics {}, none of {}, the metric(s) the"
                            + " allocated resources are demanded by: no entity is allocated and no"
                            + " command is issued until one comes (allocation.demand-metric, or"
                            + " each resource's metric in allocation.resources)",
                    windows,
                    watermarkStep - firstStep + 1,
                    seenNames(),
                    String.join(", ", missing));
        } else {
            LOG.warn(
                    "{} windows over {} steps, of {} but none of {}: the resources demanded by {}"
                            + " are allocated nothing and get no command until one comes (each"
                            + " resource's metric in allocation.resources; other metrics that"
                            + " came: {})",
                    windows,
                    watermarkStep - firstStep + 1,
                    String.join(", ", came),
                    String.join(", ", missing),
                    missing.size() == 1 ? "it" : "them",
                    seen.isEmpty() ? "none" : seenNames());
        }
        return true;
    }

    /** The other metrics that came, the first {@value #NAMES} by name. */
    private String seenNames() {
        return String.join(", ", seen) + (seen.size() == NAMES ? ", ..." : "");
    }
}
