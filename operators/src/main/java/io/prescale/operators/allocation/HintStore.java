package io.prescale.operators.allocation;

import io.prescale.model.Feedback;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;

/** The client hints an entity holds (keyed list state), pruned as they end. */
final class HintStore {
    private final ListState<Feedback.Hint> hints;

    HintStore(ListState<Feedback.Hint> hints) {
        this.hints = hints;
    }

    Iterable<Feedback.Hint> all() throws Exception {
        return hints.get();
    }

    /** Adds {@code h}, dropping hints that ended by {@code nowMillis}. */
    void add(Feedback.Hint h, long nowMillis) throws Exception {
        keepAfter(nowMillis);
        hints.add(h);
    }

    /**
     * Drops the hints that ended by {@code millis}; returns when the last remaining one ends, or
     * {@link Long#MIN_VALUE} when none remains (and the state is cleared).
     */
    long keepAfter(long millis) throws Exception {
        List<Feedback.Hint> kept = new ArrayList<>();
        long until = Long.MIN_VALUE;
        for (Feedback.Hint h : hints.get()) {
            if (h.to().toEpochMilli() > millis) {
                kept.add(h);
                until = Math.max(until, h.to().toEpochMilli());
            }
        }
        if (kept.isEmpty()) {
            hints.clear();
        } else {
            hints.update(kept);
        }
        return until;
    }
}
