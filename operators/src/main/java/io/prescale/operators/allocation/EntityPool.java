package io.prescale.operators.allocation;

import java.io.IOException;
import org.apache.flink.api.common.state.ValueState;

/**
 * The pool an entity's requests go to, so that a move to another pool (an override, or a change of
 * the entity's tenant, changed its effective pool) is seen and the old pool can be left. Kept in
 * keyed state only while it is not the job's default pool ({@code allocation.pool}): most entities
 * never leave the default and keep nothing.
 *
 * <p>An entity of another pool restored from a checkpoint written before this state existed is
 * taken to come from the default pool: its first step sends that pool leaves it has no grant for,
 * which change nothing there (a {@code MOVED} grant record of 0).
 */
final class EntityPool {
    private final String defaultPool;
    private final ValueState<String> pool;

    EntityPool(String defaultPool, ValueState<String> pool) {
        this.defaultPool = defaultPool;
        this.pool = pool;
    }

    /**
     * The pool the entity's requests went to so far when it is not {@code now}, or {@code null}
     * when the entity stays; {@code now} is recorded as the entity's pool.
     */
    String movedFrom(String now) throws IOException {
        String stored = pool.value();
        String before = stored == null ? defaultPool : stored;
        if (before.equals(now)) {
            return null;
        }
        if (now.equals(defaultPool)) {
            pool.clear();
        } else {
            pool.update(now);
        }
        return before;
    }

    /** Forgets the entity's pool (its session ended). */
    void clear() {
        pool.clear();
    }
}
