package io.prescale.it.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.kafka.TopicReader;
import io.prescale.model.JsonCodec;
import io.prescale.model.WindowAggregate;
import java.time.Duration;
import java.time.Instant;

/** The job's windows topic, read back to know how far a running job has decided. */
final class WindowsTopic {
    private WindowsTopic() {}

    /**
     * Waits until the job has written (and committed) a window to {@code topic} that starts at
     * {@code start} or later; fails after {@code wait}.
     */
    static void awaitWindowFrom(String bootstrap, String topic, Instant start, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try (TopicReader<WindowAggregate> reader =
                new TopicReader<>(
                        bootstrap, topic, b -> JsonCodec.decode(b, WindowAggregate.class))) {
            while (reader.records().stream().allMatch(w -> w.windowStart().isBefore(start))) {
                assertThat(System.nanoTime())
                        .as("a window from %s within %s", start, wait)
                        .isLessThan(deadline);
                reader.poll(Duration.ofMillis(200));
            }
        }
    }
}
