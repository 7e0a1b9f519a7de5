package io.prescale.ml.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private final StringWriter printed = new StringWriter();
    private final SettableClock clock = new SettableClock();

    @Test
    void offATerminalStatesArePlainLinesAtMostOneEveryFiveSecondsAndTheLastIsShown() {
        ProgressLine line = new ProgressLine(new PrintWriter(printed), false, clock);
        for (int s = 0; s <= 12; s++) {
            clock.now = T0.plusSeconds(s);
            line.show("step " + s);
            line.show("step " + s + " again");
        }
        line.note("a note");
        line.endWith("done");

        assertThat(printed.toString())
                .doesNotContain("\r")
                .isEqualTo(
                        String.join(
                                "\n",
                                "step 0",
                                "step 5",
                                "step 10",
                                "a note",
                                "step 12 again",
                                "done",
                                ""));
    }

    @Test
    void offATerminalEndShowsTheStateHeldBackAndNothingMore() {
        ProgressLine line = new ProgressLine(new PrintWriter(printed), false, clock);
        line.show("forecasts 10");
        line.show("forecasts 23040");
        line.end();

        assertThat(printed.toString()).isEqualTo("forecasts 10\nforecasts 23040\n");
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlaceAndEnded() {
        ProgressLine line = new ProgressLine(new PrintWriter(printed), true, clock);
        line.show("reading 100,000 lines");
        clock.now = T0.plus(ProgressLine.TERMINAL_EVERY);
        line.show("entity 1/2");
        line.show("entity 2/2");
        line.end();

        assertThat(printed.toString())
                .isEqualTo(
                        "\rreading 100,000 lines" + "\rentity 1/2           " + "\rentity 2/2\n");
    }

    @Test
    void onATerminalEndWithReplacesTheLine() {
        ProgressLine line = new ProgressLine(new PrintWriter(printed), true, clock);
        line.show("scoring");
        line.endWith("done");

        assertThat(printed.toString()).isEqualTo("\rscoring\r       \rdone\n");
    }

    private static final class SettableClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
