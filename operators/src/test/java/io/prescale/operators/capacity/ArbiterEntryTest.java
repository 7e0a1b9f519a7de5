package io.prescale.operators.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.operators.allocation.AllocationRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ArbiterEntry#activeFrom}: a round at t has nothing to do with an entry exactly when t is
 * before it, checked against the conditions the arbiter tested at every timer before it kept the
 * moment ({@link #idleAt}), on seeded random entries whose instants fall off the millisecond grid.
 */
class ArbiterEntryTest {
    private static final Duration TTL = Duration.ofMinutes(30);
    private static final long BASE = ArbiterHarness.T0.toEpochMilli();

    @Test
    void aRoundHasNothingToDoExactlyBeforeTheEntryIsActive() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            ArbiterEntry e = entry(random);
            long from = e.activeFrom(TTL);
            for (int k = 0; k < 8; k++) {
                long t = k < 2 && from > Long.MIN_VALUE ? from - 1 + k : time(random);
                assertThat(t < from).as("%s at %d", e, t).isEqualTo(idleAt(e, t));
            }
        }
    }

    @Test
    void aNewcomerWithNothingQueuedIsActiveAtOnce() {
        assertThat(ArbiterEntry.empty().activeFrom(TTL)).isEqualTo(Long.MIN_VALUE);
    }

    /** The arbiter's test of every entry at every timer, as of commit 00875b0. */
    private static boolean idleAt(ArbiterEntry e, long roundMillis) {
        Instant now = Instant.ofEpochMilli(roundMillis);
        if (e.fresh() || e.forgettable(now, TTL)) {
            return false;
        }
        if (e.request() != null && !e.request().leaseExpiry().isAfter(now)) {
            return false;
        }
        for (long r : e.queuedRounds()) {
            if (r <= roundMillis) {
                return false;
            }
        }
        return true;
    }

    private static ArbiterEntry entry(SplittableRandom random) {
        ArbiterEntry e = ArbiterEntry.empty();
        int queued = random.nextInt(3);
        for (int q = 0; q < queued; q++) {
            e = e.queue(request(random), time(random));
        }
        AllocationRequest request = random.nextBoolean() ? request(random) : null;
        Instant since = random.nextBoolean() ? instant(random) : null;
        return new ArbiterEntry(
                request,
                null,
                random.nextInt(5) == 0,
                request == null ? 0 : 10,
                since,
                3,
                e.queued(),
                e.queuedRounds());
    }

    private static AllocationRequest request(SplittableRandom random) {
        AllocationRequest r = ArbiterHarness.decision("a", 0, 10, 0);
        return ArbiterHarness.with(r, r.pool(), r.reason(), instant(random));
    }

    /** Within two hours of T0, on the millisecond. */
    private static long time(SplittableRandom random) {
        return BASE + random.nextLong(Duration.ofHours(2).toMillis());
    }

    /** Within two hours of T0, half of them between milliseconds. */
    private static Instant instant(SplittableRandom random) {
        Instant t = Instant.ofEpochMilli(time(random) - TTL.toMillis() * random.nextInt(2));
        return random.nextBoolean() ? t : t.plusNanos(1 + random.nextInt(999_999));
    }
}
