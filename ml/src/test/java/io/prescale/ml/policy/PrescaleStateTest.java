package io.prescale.ml.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrescaleStateTest {
    private static final int STEPS_PER_DAY = 288;

    private final PrescalePolicy policy =
            new PrescalePolicy(PrescaleConfig.defaults(0.05, 2, STEPS_PER_DAY));
    private final Random random = new Random(7);

    /** A state after 500 steps of noisy demand at 10. */
    private PrescaleState trained() {
        DecisionSlot slot = new DecisionSlot();
        PrescaleState st = policy.start(0, null, slot);
        for (int s = 0; s < 500; s++) {
            policy.step(st, s, 10 + 5 * random.nextGaussian(), slot);
        }
        return st;
    }

    /** {@code restored} decides as {@code st} over the next 200 steps. */
    private void decidesAlike(PrescaleState st, PrescaleState restored) {
        DecisionSlot a = new DecisionSlot();
        DecisionSlot b = new DecisionSlot();
        for (int s = 500; s < 700; s++) {
            double d = 10 + 5 * random.nextGaussian();
            policy.step(st, s, d, a);
            policy.step(restored, s, d, b);
            assertThat(b.toDecision()).isEqualTo(a.toDecision());
        }
    }

    @Test
    void encodeDecodeRoundTripsAndRestoredStateDecidesTheSame() {
        PrescaleState st = trained();
        byte[] bytes = st.encode();
        assertThat(bytes[0]).isEqualTo(PrescaleState.VERSION);
        PrescaleState restored = PrescaleState.decode(bytes);
        assertThat(restored.sameAs(st)).isTrue();
        decidesAlike(st, restored);
    }

    @Test
    void rejectsUnknownVersionAndTruncatedBytes() {
        byte[] bytes = policy.start(0, null, new DecisionSlot()).encode();
        byte[] wrongVersion = bytes.clone();
        wrongVersion[0] = 9;
        assertThatThrownBy(() -> PrescaleState.decode(wrongVersion))
                .hasMessageContaining("version must be " + PrescaleState.VERSION + ", was 9");
        assertThatThrownBy(() -> PrescaleState.decode(Arrays.copyOf(bytes, 20)))
                .hasMessageContaining("history is truncated");
    }

    /**
     * A state of version 5, from before the last demand was kept, decodes with the history's last
     * demand in its place and decides as the state it was taken from.
     */
    @Test
    void aVersion5StateDecodesWithTheHistorysLastDemand() {
        PrescaleState st = trained();
        int at = LeadQuantileModel.LAST_DEMAND;
        double[] scalars = new double[st.scalars().length - 1];
        System.arraycopy(st.scalars(), 0, scalars, 0, at);
        System.arraycopy(st.scalars(), at + 1, scalars, at, scalars.length - at);
        byte[] v5 =
                new PrescaleState(st.history(), st.model(), st.pending(), scalars, st.steps())
                        .encode();
        v5[0] = 5;

        PrescaleState restored = PrescaleState.decode(v5);
        assertThat(policy.fits(restored)).isTrue();
        assertThat(restored.scalars()[at])
                .isEqualTo(LeadQuantileModel.demandAt(st, 499))
                .isCloseTo(st.scalars()[at], org.assertj.core.data.Percentage.withPercentage(0.1));
        decidesAlike(st, restored);
    }
}
