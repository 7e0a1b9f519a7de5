package io.prescale.agent;

import io.prescale.model.MetricSample;

/**
 * Where samples go. Sends may complete later; {@link #flush()} waits for them, after which {@link
 * #published()} and {@link #failed()} count every sample handed to {@link #publish}. A failure is
 * counted and logged, never thrown: the agent keeps running.
 */
public interface SamplePublisher extends AutoCloseable {
    /** Hands one sample over, keyed by its entity. */
    void publish(MetricSample sample);

    /** Waits until every sample handed over so far has succeeded or failed. */
    void flush();

    /** Samples acknowledged so far. */
    long published();

    /** Samples that failed so far. */
    long failed();

    /**
     * Why the last failed sample failed, naming where it was to go (for Kafka the topic and the
     * bootstrap servers), or {@code null} while none failed.
     */
    String lastFailure();

    /** Flushes and releases the connection; idempotent. */
    @Override
    void close();
}
