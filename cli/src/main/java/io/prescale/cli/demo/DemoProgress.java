package io.prescale.cli.demo;

import io.prescale.cli.kafka.TopicReader;
import io.prescale.ml.trace.ProgressLine;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The demo's live progress line: what the jobs have committed to each topic so far, and the worker
 * processes running. Polls with {@code read_committed} consumers; not thread-safe.
 */
final class DemoProgress implements AutoCloseable {
    private static final Duration LIVE = Duration.ofMillis(500);
    private static final Duration LAST = Duration.ofSeconds(30);

    private final List<TopicReader<byte[]>> readers;
    private final List<String> labels;
    private final int samples;
    private final ProgressLine line;

    /**
     * @param topics windows, forecasts, commands, actuations, alerts, dead letters, in order
     */
    DemoProgress(String bootstrap, List<String> topics, int samples, ProgressLine line) {
        this.readers =
                topics.stream()
                        .map(t -> new TopicReader<>(bootstrap, t, Function.identity()))
                        .toList();
        this.labels = List.of("windows", "forecasts", "commands", "actuations", "alerts", "dead");
        this.samples = samples;
        this.line = line;
    }

    /**
     * Reads what was committed on every topic (each for up to {@link #LIVE}) and shows the
     * progress. One poll a round fell behind: it brings at most {@code max.poll.records}, and the
     * forecasts come faster than that.
     */
    void update() {
        show(LIVE);
    }

    /**
     * Shows the last state, everything committed read (each topic for up to {@link #LAST}), so that
     * it agrees with the summary, which reads the same topics; and ends the progress line.
     */
    void end() {
        show(LAST);
        line.end();
    }

    private void show(Duration perTopic) {
        StringBuilder text = new StringBuilder("samples " + samples);
        for (int i = 0; i < readers.size(); i++) {
            text.append("  ")
                    .append(labels.get(i))
                    .append(' ')
                    .append(readers.get(i).readToEnd(perTopic).size());
        }
        text.append("  processes running ").append(WorkerProcesses.live());
        line.show(text.toString());
    }

    /** Records committed so far on the commands and actuations topics. */
    int commands() {
        return readers.get(2).records().size();
    }

    int actuations() {
        return readers.get(3).records().size();
    }

    int alerts() {
        return readers.get(4).records().size();
    }

    @Override
    public void close() {
        readers.forEach(TopicReader::close);
    }
}
