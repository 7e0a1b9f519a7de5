package io.prescale.it.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.time.Duration;
import java.util.List;

/**
 * The rules that the committed commands of a pool's shadow entity ({@code shadow:<pool>}, {@code
 * capacity.shadow-commands}) keep one after the other, as the README's "Shadow pool" states them.
 */
final class ShadowCommandChain {
    private ShadowCommandChain() {}

    /**
     * In the order committed: the first a {@code PREWARM}; every {@code PREWARM} raises the target
     * and every {@code RELEASE} lowers it; every {@code RENEW} repeats the target in force with a
     * lease at least half a lease ({@code e − L/2 ≥ e₀}) past the previous command's and the reason
     * {@code "SHADOW_POOL ...; lease renewed"}; no other action; the previous amount is always the
     * previous command's target (0 before the first); needed-by times do not go back.
     *
     * @param shadow the shadow entity's commands in the order committed
     * @param lease L, {@code allocation.lease}
     */
    static void assertChain(List<ScaleCommand> shadow, Duration lease) {
        assertThat(shadow).isNotEmpty();
        assertThat(shadow.get(0).action()).as("%s", shadow.get(0)).isEqualTo(ScaleAction.PREWARM);
        ScaleCommand previous = null;
        for (ScaleCommand c : shadow) {
            double before = previous == null ? 0 : previous.targetAmount();
            assertThat(c.previousAmount()).as("%s", c).isEqualTo(before);
            assertThat(c.reason()).as("%s", c).startsWith("SHADOW_POOL target=");
            switch (c.action()) {
                case PREWARM -> assertThat(c.targetAmount()).as("%s", c).isGreaterThan(before);
                case RELEASE -> assertThat(c.targetAmount()).as("%s", c).isLessThan(before);
                case RENEW -> {
                    assertThat(c.targetAmount()).as("%s", c).isEqualTo(before);
                    assertThat(c.leaseExpiry())
                            .as("%s after %s", c, previous)
                            .isAfterOrEqualTo(previous.leaseExpiry().plus(lease.dividedBy(2)));
                    assertThat(c.reason()).as("%s", c).endsWith("; lease renewed");
                }
                default -> fail("%s: a shadow is commanded only PREWARM, RELEASE or RENEW", c);
            }
            if (previous != null) {
                assertThat(c.neededBy()).as("%s", c).isAfterOrEqualTo(previous.neededBy());
            }
            previous = c;
        }
    }
}
