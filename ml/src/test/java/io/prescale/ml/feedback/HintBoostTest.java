package io.prescale.ml.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.policy.Limits;
import io.prescale.model.Feedback;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HintBoostTest {
    private static final Instant T1 = Instant.parse("2017-01-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2017-01-01T11:00:00Z");
    private static final Limits LIMITS = new Limits(1, 16, 0.25, 2);
    private static final List<Feedback.Hint> HINTS =
            List.of(
                    new Feedback.Hint("vm", "cpu", 6.1, T1, T2),
                    new Feedback.Hint("vm", "cpu", 3, T1, T2.plusSeconds(3600)),
                    new Feedback.Hint("vm", "mem", 99, T1, T2));

    @Test
    void theLargestHintCoveringTheTimeQuantisedAndClampedButNotRateLimited() {
        assertThat(HintBoost.hinted(HINTS, "cpu", T1, LIMITS)).isEqualTo(6.25);
        assertThat(HintBoost.hinted(HINTS, "cpu", T2.minusMillis(1), LIMITS)).isEqualTo(6.25);
        assertThat(HintBoost.hinted(HINTS, "cpu", T2, LIMITS)).isEqualTo(3.0);
        assertThat(HintBoost.hinted(HINTS, "mem", T1, LIMITS)).isEqualTo(16.0);
        assertThat(HintBoost.hinted(HINTS, "cpu", T1.minusMillis(1), LIMITS)).isZero();
        assertThat(HintBoost.raise(4, 6.25)).isEqualTo(6.25);
        assertThat(HintBoost.raise(8, 6.25)).isEqualTo(8);
    }
}
