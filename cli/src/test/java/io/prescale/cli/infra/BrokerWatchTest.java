package io.prescale.cli.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrokerWatchTest {
    private static final Instant T0 = Instant.parse("2026-12-03T14:00:00Z");

    private final List<String> said = new ArrayList<>();
    private Instant now = T0;

    @Test
    void anOutageIsSaidOnceWhenItStartsAndOnceWhenItEnds() {
        BrokerWatch watch =
                watch(
                        null,
                        "TimeoutException: Timed out",
                        "TimeoutException: Timed out",
                        null,
                        null);
        for (int i = 0; i < 5; i++) {
            watch.check();
            now = now.plus(BrokerWatch.EVERY);
        }
        assertThat(said)
                .containsExactly(
                        "the Kafka broker at 127.0.0.1:9092 does not answer (TimeoutException:"
                                + " Timed out); the job waits for it and goes on when it is back",
                        "the Kafka broker at 127.0.0.1:9092 answers again, after 20 s");
    }

    @Test
    void aBrokerThatAnswersSaysNothing() {
        BrokerWatch watch = watch(null, null, null);
        for (int i = 0; i < 3; i++) {
            watch.check();
        }
        assertThat(said).isEmpty();
    }

    @Test
    void aProbeThatThrowsCountsAsNoAnswer() {
        BrokerWatch watch =
                new BrokerWatch(
                        "127.0.0.1:9092",
                        () -> {
                            throw new IllegalStateException("closed");
                        },
                        said::add,
                        Clock.fixed(T0, ZoneOffset.UTC));
        watch.check();
        assertThat(said).singleElement().asString().contains("IllegalStateException: closed");
    }

    /** A watch whose broker answers with {@code problems} in turn (null: it answers). */
    private BrokerWatch watch(String... problems) {
        List<String> list = Arrays.asList(problems);
        Clock clock =
                new Clock() {
                    @Override
                    public ZoneOffset getZone() {
                        return ZoneOffset.UTC;
                    }

                    @Override
                    public Clock withZone(java.time.ZoneId zone) {
                        return this;
                    }

                    @Override
                    public Instant instant() {
                        return now;
                    }
                };
        int[] next = {0};
        return new BrokerWatch("127.0.0.1:9092", () -> list.get(next[0]++), said::add, clock);
    }
}
