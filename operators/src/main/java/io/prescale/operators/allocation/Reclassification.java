package io.prescale.operators.allocation;

import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.time.Instant;
import java.util.Locale;

/**
 * The {@code RECLASS} recommendation for a session whose bottleneck moved: a {@link ScaleCommand}
 * with action {@code RECLASS} on the pseudo-resource {@link #RESOURCE}, so that its versions never
 * mix with the allocation versions of a real resource. Its version is the grid step after the one
 * whose comparison found the move, which only grows for an entity, across sessions too (steps are
 * compared in order, each once). The target amount is unused (0); the reason names the old and the
 * new bottleneck and their pressures (never NaN: a step is compared only when every resource's
 * pressure is known, see {@link EntityAllocationFunction}).
 */
public final class Reclassification {
    /** The pseudo-resource of RECLASS commands. */
    public static final String RESOURCE = "class";

    private Reclassification() {}

    /** A move of the bottleneck from one resource to another, with both pressures. */
    record Move(String from, String to, double fromPressure, double toPressure) {}

    /**
     * {@code resource=pressure} to three significant digits; "{@code resource} not compared" when
     * unknown (the old bottleneck's resource is no longer configured).
     */
    private static String pressure(String resource, double p) {
        return Double.isFinite(p)
                ? String.format(Locale.ROOT, "%s=%.3g", resource, p)
                : resource + " not compared";
    }

    static ScaleCommand command(String entity, Move m, int tier, long gridStep, long stepMillis) {
        Instant at = Instant.ofEpochMilli(gridStep * stepMillis);
        String reason =
                "RECLASS bottleneck "
                        + m.from()
                        + " -> "
                        + m.to()
                        + " (pressure "
                        + pressure(m.from(), m.fromPressure())
                        + ", "
                        + pressure(m.to(), m.toPressure())
                        + ")";
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
