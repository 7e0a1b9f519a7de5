package io.prescale.operators.capacity;

import io.prescale.ml.policy.PrescaleConfig;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.time.Instant;

/**
 * Commands that actuate a pool's shadow pool (when {@link ShadowSettings#commands} is on): the
 * shadow capacity is pre-warmed under a pseudo-entity of its own, {@code shadow:<pool>}, so a
 * backend keeps it running unassigned (the process-pool backend keeps spare workers). The target is
 * the shadow size rounded <em>down</em> to the pool's quantum (so it stays within the headroom); a
 * command is emitted when that target changes, {@code PREWARM} up and {@code RELEASE} down,
 * versioned per pool ({@link CommandVersions}). The shadow decays geometrically, so without a cut
 * it would approach 0 for ever with a command at every round: a target below {@value #NEGLIGIBLE}
 * of the pool's grants in force is released to 0, and a change of less than {@value #TOLERANCE} of
 * the target is not commanded. Its lease is the latest lease among the pool's requests: the shadow
 * does not outlive the entities it is kept for.
 */
final class ShadowCommands {
    static final String PREFIX = "shadow:";

    /** A target below this share of the pool's grants in force is released to 0. */
    static final double NEGLIGIBLE = 0.01;

    /** A change of less than this share of the target is not commanded (the policy's default). */
    static final double TOLERANCE = PrescaleConfig.DEFAULT_TOLERANCE;

    private ShadowCommands() {}

    /** The pseudo-entity of a pool's shadow capacity. */
    static String entity(String pool) {
        return PREFIX + pool;
    }

    /** The shadow's new state and, when its commanded size changes, the command; else null. */
    record Step(ShadowState state, ScaleCommand command) {}

    static Step next(ShadowStep s, ShadowState previous, long firstVersion) {
        double target =
                s.quantum() > 0
                        ? Math.floor(s.size() / s.quantum() + 1e-9) * s.quantum()
                        : s.size();
        if (target < NEGLIGIBLE * s.granted()) {
            target = 0;
        }
        boolean small = target > 0 && Math.abs(target - previous.commanded()) < TOLERANCE * target;
        if (s.unit() == null
                || target == previous.commanded()
                || small
                || s.leaseExpiry() == null) {
            return new Step(
                    new ShadowState(s.size(), previous.commanded(), previous.version(), s.unit()),
                    null);
        }
        long version = CommandVersions.next(previous.version(), firstVersion);
        String entity = entity(s.pool());
        ScaleCommand c =
                new ScaleCommand(
                        entity + "/" + s.resource() + "/" + version,
                        entity,
                        s.resource(),
                        target > previous.commanded() ? ScaleAction.PREWARM : ScaleAction.RELEASE,
                        target,
                        s.unit(),
                        previous.commanded(),
                        version,
                        "SHADOW_POOL size="
                                + target
                                + " predicted_increase="
                                + s.predictedIncrease(),
                        0,
                        0,
                        0,
                        0,
                        s.at(),
                        s.at(),
                        s.leaseExpiry());
        return new Step(new ShadowState(s.size(), target, version, s.unit()), c);
    }

    /**
     * The inputs of one shadow step.
     *
     * @param pool the pool
     * @param resource its resource
     * @param unit the unit of its requests, null while unknown
     * @param quantum the pool's quantum, 0 for continuous
     * @param size the shadow size decided this round
     * @param predictedIncrease the aggregate predicted increase behind it
     * @param granted the pool's grants in force, the scale below which a shadow is negligible
     * @param at the round's step time
     * @param leaseExpiry the latest lease among the pool's requests, null when none is active
     */
    record ShadowStep(
            String pool,
            String resource,
            String unit,
            double quantum,
            double size,
            double predictedIncrease,
            double granted,
            Instant at,
            Instant leaseExpiry) {}
}
