package io.prescale.connectors.actuator;

import java.time.Clock;
import java.util.Optional;

/**
 * The warning about workers that exited on their own, at most once a minute ({@link
 * SummedUpWarning}): the first exit is said at once, the exits after it are summed up in one line a
 * minute later. A command that keeps crashing its workers a while after their start (past the start
 * check) then writes one line a minute, not one per command.
 */
final class WorkerExitLog {
    private final SummedUpWarning warning;

    WorkerExitLog(Clock clock) {
        this.warning = new SummedUpWarning(clock);
    }

    /**
     * Notes that {@code count} (0 or more) workers of {@code entity} exited, the last as {@code
     * how} (its exit code and stderr); the line to log now, if one is due.
     */
    Optional<String> exited(String entity, int count, String how) {
        return warning.occurred(entity, count, "'" + entity + "': " + how)
                .map(
                        d ->
                                d.first()
                                        ? d.count()
                                                + " worker(s) of '"
                                                + entity
                                                + "' exited on their own, replaced on the entity's"
                                                + " next command (further exits are summed up once"
                                                + " a minute): "
                                                + how
                                        : summary(d));
    }

    /** The exits not said yet, for the pool's close. */
    Optional<String> unsaid() {
        return warning.unsaid().map(WorkerExitLog::summary);
    }

    private static String summary(SummedUpWarning.Due d) {
        return d.count()
                + " worker(s) of "
                + d.subjects()
                + " entit(ies) exited on their own since "
                + d.since()
                + ", each replaced on its entity's next command; the last, of "
                + d.last();
    }
}
