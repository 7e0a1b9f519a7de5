package io.prescale.ml.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrescaleStateTest {
    private static final int STEPS_PER_DAY = 288;

    @Test
    void encodeDecodeRoundTripsAndRestoredStateDecidesTheSame() {
        PrescalePolicy policy = new PrescalePolicy(PrescaleConfig.defaults(0.05, 2, STEPS_PER_DAY));
        DecisionSlot slot = new DecisionSlot();
        PrescaleState st = policy.start(0, null, slot);
        Random random = new Random(7);
        for (int s = 0; s < 500; s++) {
            policy.step(st, s, 10 + 5 * random.nextGaussian(), slot);
        }
        byte[] bytes = st.encode();
        assertThat(bytes[0]).isEqualTo(PrescaleState.VERSION);
        PrescaleState restored = PrescaleState.decode(bytes);
        assertThat(restored.sameAs(st)).isTrue();

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
    void rejectsUnknownVersionAndTruncatedBytes() {
        PrescalePolicy policy = new PrescalePolicy(PrescaleConfig.defaults(0.05, 2, STEPS_PER_DAY));
        byte[] bytes = policy.start(0, null, new DecisionSlot()).encode();
        byte[] wrongVersion = bytes.clone();
        wrongVersion[0] = 9;
        assertThatThrownBy(() -> PrescaleState.decode(wrongVersion))
                .hasMessageContaining("version must be " + PrescaleState.VERSION + ", was 9");
        assertThatThrownBy(() -> PrescaleState.decode(Arrays.copyOf(bytes, 20)))
                .hasMessageContaining("history is truncated");
    }
}
