package io.prescale.connectors.actuator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A warning that can come in floods (one per command while a backend is down, one per worker that
 * keeps crashing), said at most once per {@link #INTERVAL}: the first occurrence at once, the ones
 * after it summed up in one {@link Due} an interval later (on the first occurrence after it, or on
 * close). The caller words the lines; this only decides when one is due and what it sums up.
 */
public final class SummedUpWarning {
    public static final Duration INTERVAL = Duration.ofMinutes(1);

    /**
     * A line to say now: {@code count} occurrences concerning {@code subjects} distinct subjects
     * (entities), the last described by {@code last}; {@code since} is when the previous line was
     * said, null for the first line, which is about one occurrence call only.
     */
    public record Due(int count, int subjects, Instant since, String last) {
        public boolean first() {
            return since == null;
        }
    }

    private final Clock clock;
    private Instant said;
    private int count;
    private final Set<String> subjects = new HashSet<>();
    private String last;

    public SummedUpWarning(Clock clock) {
        this.clock = clock;
    }

    /**
     * Notes that {@code count} (0 or more) occurrences concerned {@code subject}, the last
     * described by {@code last}; the line to say now, if one is due.
     */
    public Optional<Due> occurred(String subject, int count, String last) {
        if (count > 0) {
            this.count += count;
            subjects.add(subject);
            this.last = last;
        }
        Instant now = clock.instant();
        if (this.count == 0 || (said != null && now.isBefore(said.plus(INTERVAL)))) {
            return Optional.empty();
        }
        Due due = due();
        said = now;
        this.count = 0;
        subjects.clear();
        return Optional.of(due);
    }

    /** The occurrences not said yet, for the caller's close. */
    public Optional<Due> unsaid() {
        return count == 0 ? Optional.empty() : Optional.of(due());
    }

    private Due due() {
        return new Due(count, subjects.size(), said, last);
    }
}
