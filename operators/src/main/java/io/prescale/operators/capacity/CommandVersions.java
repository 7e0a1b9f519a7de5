package io.prescale.operators.capacity;

/**
 * Versions of the scale commands of one (entity, resource). The first command of a key the arbiter
 * holds no state for gets version {@code ⌊t / 1 s⌋ · 10⁶ + 1}, t the processing time; every later
 * one the previous version + 1.
 *
 * <p>So a key's versions stay above those it had before even when the job starts afresh without a
 * savepoint, or when its entry was dropped after idling ({@code capacity.state-ttl}). Starting
 * again at 1 made the still-running actuator, which passes only newer versions, mark every new
 * command {@code SUPERSEDED}. This holds while a key gets fewer than 10⁶ commands per second
 * between two such starts; versions stay below 2⁵³ (exact as JSON numbers) until the year 2255.
 * Restored state continues its own versions, so they stay contiguous across failures.
 */
final class CommandVersions {
    static final long PER_SECOND = 1_000_000L;

    private CommandVersions() {}

    /**
     * The version of a key's first command at processing time {@code millis} (1 at or before 0).
     */
    static long first(long millis) {
        return Math.max(0, Math.floorDiv(millis, 1000)) * PER_SECOND + 1;
    }

    /** The version after {@code version} (0: none yet, so {@code first}). */
    static long next(long version, long first) {
        return version == 0 ? first : version + 1;
    }
}
