package io.prescale.ml.capacity;

import java.time.Instant;
import java.util.Objects;

/**
 * An entity's move from the grant in force to a new one, effective at a time.
 *
 * @param entity the entity
 * @param tier its tier (increases are committed tier by tier, highest first)
 * @param previous the grant in force from {@code effective} on before this change, &ge; 0
 * @param desired the arbitrated grant, &ge; 0
 * @param effective when the new grant takes effect (the request's needed-by time); it must not be
 *     earlier than the entity's previous grant took effect
 */
public record Change(String entity, int tier, double previous, double desired, Instant effective) {

    public Change {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(effective, "effective");
        if (!(previous >= 0) || Double.isInfinite(previous)) {
            throw new IllegalArgumentException(
                    entity + ": previous must be finite and >= 0, was " + previous);
        }
        if (!(desired >= 0) || Double.isInfinite(desired)) {
            throw new IllegalArgumentException(
                    entity + ": desired must be finite and >= 0, was " + desired);
        }
    }

    /** A decrease (or no change) frees capacity and is always committed in full. */
    public boolean isDecrease() {
        return desired <= previous;
    }
}
