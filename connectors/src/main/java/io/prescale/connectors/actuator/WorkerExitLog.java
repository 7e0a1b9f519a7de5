package io.prescale.connectors.actuator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The warning about workers that exited on their own, at most once per {@link #INTERVAL}: the first
 * exit is said at once, the exits after it are summed up in one line an interval later (on the
 * first command after it, or on close). A command that keeps crashing its workers a while after
 * their start (past the start check) then writes one line a minute, not one per command.
 */
final class WorkerExitLog {
    static final Duration INTERVAL = Duration.ofMinutes(1);

    private final Clock clock;
    private Instant said;
    private int exits;
    private final Set<String> entities = new HashSet<>();
    private String last;

    WorkerExitLog(Clock clock) {
        this.clock = clock;
    }

    /**
     * Notes that {@code count} (0 or more) workers of {@code entity} exited, the last as {@code
     * how} (its exit code and stderr); the line to log now, if one is due.
     */
    Optional<String> exited(String entity, int count, String how) {
        if (count > 0) {
            exits += count;
            entities.add(entity);
            last = "'" + entity + "': " + how;
        }
        Instant now = clock.instant();
        if (exits == 0 || (said != null && now.isBefore(said.plus(INTERVAL)))) {
            return Optional.empty();
        }
        String line =
                said == null
                        ? exits
                                + " worker(s) of '"
                                + entity
                                + "' exited on their own, replaced on the entity's next command"
                                + " (further exits are summed up once a minute): "
                                + how
                        : summary();
        said = now;
        exits = 0;
        entities.clear();
        return Optional.of(line);
    }

    /** The exits not said yet, for the pool's close. */
    Optional<String> unsaid() {
        return exits == 0 ? Optional.empty() : Optional.of(summary());
    }

    private String summary() {
        return exits
                + " worker(s) of "
                + entities.size()
                + " entit(ies) exited on their own since "
                + said
                + ", each replaced on its entity's next command; the last, of "
                + last;
    }
}
