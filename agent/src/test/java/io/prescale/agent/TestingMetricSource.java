package io.prescale.agent;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** A {@link MetricSource} that returns scripted rounds, then empty rounds. */
public final class TestingMetricSource implements MetricSource {
    private final Deque<List<Reading>> rounds = new ArrayDeque<>();

    /** Adds a round that a later {@link #read()} returns. */
    public TestingMetricSource then(Reading... round) {
        rounds.addLast(List.of(round));
        return this;
    }

    @Override
    public List<Reading> read() {
        List<Reading> round = rounds.pollFirst();
        return round == null ? List.of() : round;
    }
}
