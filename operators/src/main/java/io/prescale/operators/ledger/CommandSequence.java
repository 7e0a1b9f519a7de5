package io.prescale.operators.ledger;

import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;

/**
 * Keeps an entity's command versions and previous amounts continuous per resource across pool
 * moves. Each pool's capacity arbiter versions the commands of the entities it holds; when an
 * entity moves to another pool, the new pool starts the entity's versions afresh ({@code
 * CommandVersions}: ⌊t / 1 s⌋ · 10⁶ + 1) with a previous amount of 0, as it never commanded it. The
 * ledger sees every command of the entity, whichever pool sent it, so it renumbers:
 *
 * <ul>
 *   <li>with a line for the resource (a version commanded, v &gt; 0): version v + 1, previous
 *       amount the line's commanded amount, and the action's direction taken against that amount
 *       ({@code RENEW} when equal, a rise a {@code SCALE_UP} unless the arbiter said {@code
 *       PREWARM}, a fall a {@code SCALE_DOWN} unless it said {@code RELEASE}); the id is {@code
 *       entity/resource/version}, as the arbiter writes it;
 *   <li>without a line (the ledger's first command of the resource, or its lines were dropped after
 *       {@code ledger.ttl}): the arbiter's command unchanged;
 *   <li>{@code RECLASS} recommendations unchanged: no pool grants them, and their versions are grid
 *       steps of their own pseudo-resource.
 * </ul>
 *
 * Without a move the arbiter's version is already v + 1 and its previous amount the line's, so its
 * commands pass unchanged. The versions never go back: each is above the line's, which holds the
 * newest version sent; without a line the arbiter's version is above every earlier one, as its
 * versions start from the time ({@code CommandVersions}) and an entity that leaves a pool is
 * forgotten there, so coming back starts it afresh, later.
 */
public final class CommandSequence {
    private CommandSequence() {}

    /**
     * Whether {@code c} is a pool's first grant of 0 to an entity new to it ({@code PoolRound}:
     * from 0 to 0, the only command that is) while {@code line} holds no amount above 0 to give up:
     * a new entity, whose first command is its first grant above 0, not sent. With an amount above
     * 0 (the entity moved from a pool that granted it) it is sent, as a fall to 0.
     */
    static boolean nothingToGiveUp(ScaleCommand c, LedgerState line) {
        return fromZeroToZero(c) && !(line.commanded() > 0);
    }

    /** Whether {@code c} is a pool's grant of 0 to an entity it never commanded (0 to 0). */
    public static boolean fromZeroToZero(ScaleCommand c) {
        return c.action() != ScaleAction.RECLASS
                && c.targetAmount() == 0
                && c.previousAmount() == 0;
    }

    /** {@code c} as the next command of its resource after {@code line}. */
    static ScaleCommand next(ScaleCommand c, LedgerState line) {
        if (c.action() == ScaleAction.RECLASS || line.versionCommanded() == 0) {
            return c;
        }
        long version = line.versionCommanded() + 1;
        double previous = line.commanded();
        if (version == c.version() && Double.compare(previous, c.previousAmount()) == 0) {
            return c;
        }
        return new ScaleCommand(
                c.entity() + "/" + c.resource() + "/" + version,
                c.entity(),
                c.resource(),
                action(c, previous),
                c.targetAmount(),
                c.unit(),
                previous,
                version,
                c.reason(),
                c.forecastQuantile(),
                c.forecastHorizonSteps(),
                c.confidence(),
                c.tier(),
                c.issuedAt(),
                c.neededBy(),
                c.leaseExpiry());
    }

    /** The action of {@code c} from {@code previous} to its target. */
    private static ScaleAction action(ScaleCommand c, double previous) {
        ScaleAction a = c.action();
        if (c.targetAmount() == previous) {
            return ScaleAction.RENEW;
        }
        if (c.targetAmount() > previous) {
            return a == ScaleAction.PREWARM ? a : ScaleAction.SCALE_UP;
        }
        return a == ScaleAction.RELEASE ? a : ScaleAction.SCALE_DOWN;
    }
}
