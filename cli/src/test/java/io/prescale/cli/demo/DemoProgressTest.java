package io.prescale.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.infra.EmbeddedKafka;
import io.prescale.cli.replay.Replayer;
import io.prescale.ml.trace.ProgressLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo's progress against a real (embedded) broker. */
class DemoProgressTest {
    private static final List<String> TOPICS =
            List.of("windows", "forecasts", "commands", "actuations", "alerts", "dead");
    private static final int FORECASTS = 3_000;

    /**
     * The last line counts everything committed: it said 'forecasts 5487' where the summary said
     * 23,040, one poll a round bringing at most max.poll.records (500) of a topic.
     */
    @Test
    @Timeout(180)
    void theLastLineCountsEverythingCommitted() {
        StringWriter printed = new StringWriter();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            TOPICS.forEach(t -> kafka.createTopic(t, 2, false));
            List<Replayer.Payload> forecasts = new ArrayList<>();
            IntStream.range(0, FORECASTS)
                    .forEach(
                            i ->
                                    forecasts.add(
                                            new Replayer.Payload(
                                                    "vm-" + i % 10,
                                                    ("{\"n\":" + i + "}")
                                                            .getBytes(StandardCharsets.UTF_8))));
            List<Integer> counted = new ArrayList<>();
            Replayer.send(kafka.bootstrapServers(), "forecasts", forecasts, counted::add);
            assertThat(counted)
                    .as("every thousand, the last once (when acknowledged)")
                    .containsExactly(1_000, 2_000, FORECASTS);
            ProgressLine line =
                    new ProgressLine(new PrintWriter(printed), false, Clock.systemUTC());
            try (DemoProgress progress =
                    new DemoProgress(kafka.bootstrapServers(), TOPICS, 10, line)) {
                progress.end();
            }
        }
        assertThat(printed.toString())
                .startsWith("samples 10  windows 0  forecasts " + FORECASTS + "  commands 0")
                .endsWith("processes running 0\n");
    }
}
