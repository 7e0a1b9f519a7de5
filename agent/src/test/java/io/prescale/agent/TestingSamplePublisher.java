package io.prescale.agent;

import io.prescale.model.MetricSample;
import java.util.ArrayList;
import java.util.List;

/** A {@link SamplePublisher} that keeps what it was given and fails the sends it is told to. */
class TestingSamplePublisher implements SamplePublisher {
    final List<MetricSample> sent = new ArrayList<>();
    private int failuresToCome;
    private long published;
    private long failed;
    private String lastFailure;
    boolean closed;

    /** Makes the next {@code n} sends fail. */
    void failNext(int n) {
        failuresToCome += n;
    }

    @Override
    public void publish(MetricSample sample) {
        if (failuresToCome > 0) {
            failuresToCome--;
            failed++;
            lastFailure = "not published to the testing publisher: told to fail";
        } else {
            sent.add(sample);
            published++;
        }
    }

    @Override
    public void flush() {}

    @Override
    public long published() {
        return published;
    }

    @Override
    public long failed() {
        return failed;
    }

    @Override
    public String lastFailure() {
        return lastFailure;
    }

    @Override
    public void close() {
        closed = true;
    }
}
