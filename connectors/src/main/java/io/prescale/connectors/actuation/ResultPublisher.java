package io.prescale.connectors.actuation;

import io.prescale.model.ActuationResult;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.metrics.MetricGroup;

/** Where the actuator reports what it did with each command ({@code prescale.actuations}). */
public interface ResultPublisher extends AutoCloseable {

    void publish(ActuationResult result) throws InterruptedException;

    /**
     * Blocks until everything published so far is durable (called on every checkpoint).
     *
     * @throws java.io.UncheckedIOException when a result could not be delivered; the checkpoint
     *     then fails and the job restarts from the last one, so no result is lost
     */
    void flush() throws InterruptedException;

    @Override
    void close();

    /** Creates a publisher on the task manager. */
    interface Factory extends Serializable {
        ResultPublisher create(MetricGroup metrics);
    }

    /** Publishes to every one of {@code factories}' publishers, in order. */
    static Factory all(List<Factory> factories) {
        List<Factory> copy = List.copyOf(factories);
        return metrics ->
                new TeeResultPublisher(copy.stream().map(f -> f.create(metrics)).toList());
    }
}
