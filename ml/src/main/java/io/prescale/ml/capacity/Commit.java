package io.prescale.ml.capacity;

import java.util.Objects;

/**
 * What a {@link Change} became.
 *
 * @param change the change asked for
 * @param granted what is committed from {@code change.effective()} on, between the previous and the
 *     desired grant
 * @param limited whether the increase was limited by capacity already committed to others
 */
public record Commit(Change change, double granted, boolean limited) {

    public Commit {
        Objects.requireNonNull(change, "change");
        if (!(granted >= 0) || Double.isInfinite(granted)) {
            throw new IllegalArgumentException(
                    change.entity() + ": granted must be finite and >= 0, was " + granted);
        }
    }
}
