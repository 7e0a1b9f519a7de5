package io.prescale.operators.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A decision raised by a hint: only what the hint adds is speculative. */
class DecidedTest {
    /**
     * The ninety-eighth tester's cold start of 21.4 (recent peak 10.7) raised by a hint to 100: its
     * part above the peak had become speculative, and a short pool, which reclaims speculative
     * parts first, granted the entity half what it granted it without the hint.
     */
    @Test
    void aHintsPartAboveWhatThePolicyAskedIsSpeculativeAndTheRestStaysFirm() {
        Decided coldStart = Decided.of(5, 21.4, "COLD_START_DEFAULT", 10.7, false);
        Decided hinted = coldStart.raisedTo(100, "HINT over COLD_START_DEFAULT");
        assertThat(hinted.amount()).isEqualTo(100);
        assertThat(hinted.proactive()).isTrue();
        assertThat(hinted.reactiveLevel()).as("the firm amount: the cold start's").isEqualTo(21.4);

        // a proactive rise's own part above the peak was speculative before the hint: still so
        Decided rise = Decided.of(5, 30, "PREWARM", 10.7, true);
        assertThat(rise.raisedTo(100, "HINT over PREWARM").reactiveLevel()).isEqualTo(10.7);
    }
}
