package io.prescale.operators.capacity;

import io.prescale.ml.policy.PrescaleConfig;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.time.Duration;
import java.time.Instant;

/**
 * Commands that actuate a pool's shadow pool (when {@link ShadowSettings#commands} is on): the
 * shadow capacity is pre-warmed under a pseudo-entity of its own, {@code shadow:<pool>}, so a
 * backend keeps it running unassigned (the process-pool backend keeps spare workers). The target is
 * the shadow size rounded <em>down</em> to the pool's quantum, so it is within the round's headroom
 * {@code H = max(0, C − Σ grants committed from the round's step on)}; a command is emitted when
 * that target changes, {@code PREWARM} up and {@code RELEASE} down, versioned per pool ({@link
 * CommandVersions}). The shadow decays geometrically, so without a cut it would approach 0 for ever
 * with a command at every round: a target below {@value #NEGLIGIBLE} of the pool's grants in force,
 * or below the float residue {@code ε} (below), is released to 0, and a change of less than {@code
 * max(}{@value #TOLERANCE}{@code · target, m)} is not commanded while the target in force {@code c}
 * still fits the headroom, {@code c ≤ H + ε} with {@code ε =} {@value #RESIDUE}{@code · C} (float
 * residue of {@code C − Σ}; 0 for unlimited capacity), where {@code m} is {@code μ · C} from 0 and
 * {@code min(μ · C, c / 2)} otherwise ({@link #minChange}, μ being {@link
 * ShadowSettings#minChange}). So a shadow is pre-warmed from 0 once it reaches {@code μ · C}, a
 * commanded one follows its decay and a rise in steps of at least {@code μ · C} or half its size,
 * and its release to 0 below the cut is commanded however small: a shadow hovering around {@code μ
 * · C} holds rather than flapping between 0 and {@code μ · C}, and a small one does not hold at its
 * size until the release. (Without μ a continuous pool's shadow, a few percent of the pool, was
 * commanded at nearly every other round: 3 Azure VMs over 3 days in a pool of 60, {@code
 * ShadowChurnTest}, got 426 changes, 151 at μ = 0.05.) When {@code c} no longer fits, the lower
 * target is commanded however small the change, so the pool's capacity holds: {@code Σ grants +
 * shadow in force ≤ C}. Its lease is the latest lease among the pool's requests: the shadow does
 * not outlive the entities it is kept for.
 *
 * <p>A pool with no capacity limit keeps no shadow: it grants every request in full at its round,
 * so no predicted demand waits for capacity, and pre-warming ahead of it would only run capacity
 * that no one asked for (the entities' own requests already carry their speculative pre-warm part).
 * Its size is 0 and nothing is commanded; a shadow commanded above 0 in state (from before this
 * rule, or from when the pool had a limit) is released to 0 once, with the reason {@code "...;
 * released: the pool has no capacity limit"}.
 *
 * <p>A pool with no lease active (its entities' requests all lapsed: the job stopped deciding for
 * it) or nothing granted keeps no shadow: its size is 0, in state and in the pool measurement (so
 * the shadow that demand returns to starts from its predicted increase, not from the decay of one
 * released), and a commanded size above 0 is released to 0, once, with the reason {@code "...;
 * released: no lease active in the pool"} (or {@code "nothing granted in the pool"}), as a lapsed
 * entity is released ({@code LEASE_EXPIRED}, {@link PoolRound}) so that a backend that does not act
 * on leases gives it back; nothing is commanded, nor renewed, until the pool has grants again. The
 * release carries the pool's lease, or when none is active that of the shadow's last command.
 *
 * <p>The reason is {@code "SHADOW_POOL target=<commanded> size=<shadow size> headroom=<H>
 * predicted_increase=<P>"}: the target commanded and the shadow's own size differ by the rounding
 * to the quantum and, for a {@code RENEW}, by the changes too small to command since the target was
 * set.
 *
 * <p>Reconciliation: a commanded size above 0 that holds (no change, or one too small to command
 * that still fits the headroom) is commanded again as {@code RENEW} (same target, previous amount =
 * target, the next version, the new lease, reason {@code "SHADOW_POOL ...; lease renewed"}) when
 * the lease it would carry now, {@code e}, extends that of its last command, {@code e₀}, by at
 * least half the lease {@code L}: {@code e − L/2 ≥ e₀}. That is the rule by which an entity's
 * unchanged request is renewed (and then commanded as a {@code RENEW} by {@link PoolRound}),
 * applied to the shadow's own lease, so a steady shadow is renewed every half lease, as its
 * entities are, and a backend that lost it (an actuator restarted without its state) is brought
 * back to it. When the pool's entities stop renewing, {@code e} stops moving and the shadow is not
 * renewed either; once nothing is granted or their leases lapse, it is released (above). A shadow
 * whose {@code e₀} is unknown (state from before it was kept) is renewed at its next round.
 */
final class ShadowCommands {
    /**
     * A target below this share of the pool's grants in force is released to 0. With nothing
     * granted this cut is 0, and the residue cut ({@link #residue}) is what keeps float residue of
     * {@code C − Σ} from being commanded.
     */
    static final double NEGLIGIBLE = 0.01;

    /** A change of less than this share of the target is not commanded (the policy's default). */
    static final double TOLERANCE = PrescaleConfig.DEFAULT_TOLERANCE;

    /**
     * Float residue, as a share of the pool's capacity: {@code C − Σ grants} is exact only to a few
     * ulps of C (about 1e-16 · C each), and a billionth of a pool is no capacity to act on.
     */
    static final double RESIDUE = 1e-9;

    /** Why an unlimited pool keeps no shadow. */
    static final String UNLIMITED = "the pool has no capacity limit";

    private ShadowCommands() {}

    /** The pseudo-entity of a pool's shadow capacity. */
    static String entity(String pool) {
        return ScaleCommand.shadowEntity(pool);
    }

    /** The shadow's new state and the round's command to its entity, null for none. */
    record Step(ShadowState state, ScaleCommand command) {}

    /**
     * The shadow's step: a command when its commanded size changes enough or is due for renewal.
     *
     * @param settings μ, the smallest change commanded, and L, the lease of the pool's requests
     */
    static Step next(
            ShadowStep decided, ShadowState previous, ShadowSettings settings, long firstVersion) {
        String idle = idle(decided);
        ShadowStep s = idle == null ? decided : decided.withSize(0);
        double target =
                s.quantum() > 0
                        ? Math.floor(s.size() / s.quantum() + 1e-9) * s.quantum()
                        : s.size();
        if (target < Math.max(NEGLIGIBLE * s.granted(), residue(s.capacity()))) {
            target = 0;
        }
        double commanded = previous.commanded();
        if (s.unit() == null) {
            return new Step(previous.stepped(s.size(), s.unit()), null);
        }
        if (idle != null) {
            return commanded > 0
                    ? command(
                            s,
                            previous,
                            ScaleAction.RELEASE,
                            0,
                            "; released: " + idle,
                            firstVersion)
                    : new Step(previous.stepped(0, s.unit()), null);
        }
        double band = Math.max(TOLERANCE * target, minChange(commanded, settings, s.capacity()));
        boolean small = target > 0 && Math.abs(target - commanded) < band;
        boolean fits = commanded <= s.headroom() + residue(s.capacity());
        if (target != commanded && !(small && fits)) {
            return command(
                    s,
                    previous,
                    target > commanded ? ScaleAction.PREWARM : ScaleAction.RELEASE,
                    target,
                    "",
                    firstVersion);
        }
        if (commanded > 0
                && renewalDue(previous.leaseExpiry(), s.leaseExpiry(), settings.lease())) {
            return command(
                    s,
                    previous,
                    ScaleAction.RENEW,
                    commanded,
                    "; " + CommandFactory.RENEWED,
                    firstVersion);
        }
        return new Step(previous.stepped(s.size(), s.unit()), null);
    }

    /**
     * The smallest change of a shadow of {@code commanded} in force that is commanded while it fits
     * the headroom: μ · C from 0 (a shadow is pre-warmed once it reaches that), and otherwise the
     * smaller of μ · C and half the shadow in force, so a small shadow follows its decay and a rise
     * in halvings rather than holding until its release to 0.
     */
    static double minChange(double commanded, ShadowSettings settings, double capacity) {
        double mu = settings.minChange() * capacity;
        return commanded > 0 ? Math.min(mu, commanded / 2) : mu;
    }

    /**
     * Why the pool keeps no shadow, or null when it does: it has no capacity limit (every request
     * is granted in full at its round, so nothing waits for capacity, and capacity held back ahead
     * of demand has nothing to be shared against), no lease is active (every request of the pool
     * lapsed: the job stopped deciding for it), or nothing is granted in it.
     */
    static String idle(ShadowStep s) {
        if (Double.isInfinite(s.capacity())) {
            return UNLIMITED;
        }
        if (s.leaseExpiry() == null) {
            return "no lease active in the pool";
        }
        return s.granted() <= 0 ? "nothing granted in the pool" : null;
    }

    /** ε, the float residue of a pool of capacity C: {@link #RESIDUE} · C, 0 when unlimited. */
    static double residue(double capacity) {
        return Double.isInfinite(capacity) ? 0 : RESIDUE * capacity;
    }

    /**
     * {@code e − L/2 ≥ e₀}: a command now would extend the lease of the last one by at least half a
     * lease (always, when that lease is unknown).
     */
    static boolean renewalDue(Instant lastLeaseExpiry, Instant leaseExpiry, Duration lease) {
        return lastLeaseExpiry == null
                || !leaseExpiry.minus(lease.dividedBy(2)).isBefore(lastLeaseExpiry);
    }

    /** The shadow's command, its reason ending in {@code why}. */
    private static Step command(
            ShadowStep s,
            ShadowState previous,
            ScaleAction action,
            double target,
            String why,
            long first) {
        long version = CommandVersions.next(previous.version(), first);
        String entity = entity(s.pool());
        // released as its pool lapsed: the lease that lapsed, its last command's
        Instant leaseExpiry =
                s.leaseExpiry() != null
                        ? s.leaseExpiry()
                        : previous.leaseExpiry() != null ? previous.leaseExpiry() : s.at();
        ScaleCommand c =
                new ScaleCommand(
                        entity + "/" + s.resource() + "/" + version,
                        entity,
                        s.resource(),
                        action,
                        target,
                        s.unit(),
                        previous.commanded(),
                        version,
                        "SHADOW_POOL target="
                                + target
                                + " size="
                                + s.size()
                                + " headroom="
                                + s.headroom()
                                + " predicted_increase="
                                + s.predictedIncrease()
                                + why,
                        0,
                        0,
                        0,
                        0,
                        s.at(),
                        s.at(),
                        leaseExpiry);
        return new Step(new ShadowState(s.size(), target, version, s.unit(), leaseExpiry), c);
    }

    /**
     * The inputs of one shadow step.
     *
     * @param pool the pool
     * @param resource its resource
     * @param unit the unit of its requests, null while unknown
     * @param quantum the pool's quantum, 0 for continuous
     * @param capacity C, the pool's capacity, {@code +∞} when unlimited
     * @param headroom H, what the pool's grants leave of C from the round's step on, &ge; 0
     * @param size the shadow size decided this round, at most H
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
            double capacity,
            double headroom,
            double size,
            double predictedIncrease,
            double granted,
            Instant at,
            Instant leaseExpiry) {

        /** This step at a shadow of {@code size}. */
        ShadowStep withSize(double size) {
            return new ShadowStep(
                    pool,
                    resource,
                    unit,
                    quantum,
                    capacity,
                    headroom,
                    size,
                    predictedIncrease,
                    granted,
                    at,
                    leaseExpiry);
        }
    }
}
