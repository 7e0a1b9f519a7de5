package io.prescale.operators.capacity;

import io.prescale.ml.capacity.Grant;
import io.prescale.ml.capacity.GrantReason;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import io.prescale.operators.allocation.AllocationRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns committed grants into versioned, absolute {@link ScaleCommand}s. The action:
 *
 * <ul>
 *   <li>a rise is {@code PREWARM} when the grant reaches into the request's speculative part (above
 *       {@code amount − speculative}), else {@code SCALE_UP};
 *   <li>a fall is {@code RELEASE} when pre-warm was reclaimed, the lease lapsed or the entity asks
 *       for nothing, else {@code SCALE_DOWN};
 *   <li>the same amount is {@code RENEW}: a renewed request whose grant held (see {@link
 *       PoolRound}), the target in force with the request's lease.
 * </ul>
 *
 * A pool's first command of an entity new to it may be a grant of 0 (from 0 to 0, a {@code
 * SCALE_DOWN}): the ledger sends it only when the entity holds a grant of another pool, else an
 * entity's first command is its first grant above 0.
 *
 * <p>The reason is the grant's reason with its numbers, then {@value #RENEWED} for a {@code RENEW},
 * then the policy's reason.
 */
final class CommandFactory {
    static final String RENEWED = "lease renewed";

    private final Instant roundTime;
    private final List<ScaleCommand> commands = new ArrayList<>();

    /**
     * @param roundTime the issue time of commands that no fresh request of the entity caused
     */
    CommandFactory(Instant roundTime) {
        this.roundTime = roundTime;
    }

    /**
     * Adds the command that moves the entity from {@code before} to {@code after}, or renews the
     * grant when both hold the same amount.
     */
    void add(AllocationRequest r, ArbiterEntry before, ArbiterEntry after, Grant g) {
        double previous = before.granted();
        double target = after.granted();
        ScaleAction action = action(r, previous, target, g.reason());
        String renewed = action == ScaleAction.RENEW ? "; " + RENEWED : "";
        commands.add(
                new ScaleCommand(
                        r.entity() + "/" + r.resource() + "/" + after.version(),
                        r.entity(),
                        r.resource(),
                        action,
                        target,
                        r.unit(),
                        previous,
                        after.version(),
                        g.describe() + renewed + "; policy: " + r.reason(),
                        r.quantileLevel(),
                        r.horizonSteps(),
                        r.confidence(),
                        r.tier(),
                        before.fresh() ? r.issuedAt() : roundTime,
                        after.since(),
                        r.leaseExpiry()));
    }

    List<ScaleCommand> commands() {
        return List.copyOf(commands);
    }

    static ScaleAction action(
            AllocationRequest r, double previous, double target, GrantReason reason) {
        if (target == previous) {
            // 0 to 0 is a pool's first grant of 0 to an entity new to it (PoolRound): a fall to 0
            // from what it may hold elsewhere, which the ledger sends or drops
            return target > 0 ? ScaleAction.RENEW : ScaleAction.SCALE_DOWN;
        }
        if (target > previous) {
            boolean speculative = r.speculative() > 0 && target > r.amount() - r.speculative();
            return speculative ? ScaleAction.PREWARM : ScaleAction.SCALE_UP;
        }
        return reason == GrantReason.RECLAIMED_PREWARM
                        || reason == GrantReason.LEASE_EXPIRED
                        || r.amount() == 0
                ? ScaleAction.RELEASE
                : ScaleAction.SCALE_DOWN;
    }
}
