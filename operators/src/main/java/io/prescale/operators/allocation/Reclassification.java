package io.prescale.operators.allocation;

import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.time.Instant;
import java.util.Locale;

/**
 * The {@code RECLASS} recommendation for a session whose bottleneck moved: a {@link ScaleCommand}
 * with action {@code RECLASS} on the pseudo-resource {@link #RESOURCE}, so that its versions never
 * mix with the allocation versions of a real resource. Its version is the grid step it was decided
 * at, which only grows for an entity, across sessions too. The target amount is unused (0); the
 * reason names the old and the new bottleneck and their pressures.
 */
public final class Reclassification {
    /** The pseudo-resource of RECLASS commands. */
    public static final String RESOURCE = "class";

    private Reclassification() {}

    /** A move of the bottleneck from one resource to another, with both pressures. */
    record Move(String from, String to, double fromPressure, double toPressure) {}

    static ScaleCommand command(String entity, Move m, int tier, long gridStep, long stepMillis) {
        Instant at = Instant.ofEpochMilli(gridStep * stepMillis);
        String reason =
                String.format(
                        Locale.ROOT,
                        "RECLASS bottleneck %s -> %s (pressure %s=%.3g, %s=%.3g)",
                        m.from(),
                        m.to(),
                        m.from(),
                        m.fromPressure(),
                        m.to(),
                        m.toPressure());
        return new ScaleCommand(
                entity + "/" + RESOURCE + "/" + gridStep,
                entity,
                RESOURCE,
                ScaleAction.RECLASS,
                0,
                RESOURCE,
                0,
                gridStep,
                reason,
                0,
                0,
                0,
                tier,
                at,
                at,
                at);
    }
}
