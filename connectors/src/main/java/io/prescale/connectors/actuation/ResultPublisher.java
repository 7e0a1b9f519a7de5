package io.prescale.connectors.actuation;

import io.prescale.connectors.influx.InfluxBacklog;
import io.prescale.model.ActuationResult;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import org.apache.flink.metrics.MetricGroup;

/** Where the actuator reports what it did with each command ({@code prescale.actuations}). */
public interface ResultPublisher extends AutoCloseable {

    void publish(ActuationResult result) throws InterruptedException;

    /**
     * Blocks until everything published so far is durable (called on every checkpoint, and with
     * {@code endOfInput} when a bounded input ended: no checkpoint will keep what is left).
     *
     * @throws java.io.UncheckedIOException when a result could not be delivered; the checkpoint
     *     then fails and the job restarts from the last one, so no result is lost
     */
    void flush(boolean endOfInput) throws InterruptedException;

    /**
     * What goes into the actuator's checkpoint after the checkpoint's {@link #flush}: an InfluxDB
     * writer's backlog and tagged entities; nothing for a publisher that keeps no state.
     */
    default List<InfluxBacklog> snapshotState() {
        return List.of();
    }

    @Override
    void close();

    /** Creates a publisher on the task manager. */
    interface Factory extends Serializable {
        /**
         * @param restored the InfluxDB writers' state in the checkpoint restored (empty on a fresh
         *     start); a publisher that keeps none ignores it
         */
        ResultPublisher create(MetricGroup metrics, Collection<InfluxBacklog> restored);
    }

    /** Publishes to every one of {@code factories}' publishers, in order. */
    static Factory all(List<Factory> factories) {
        List<Factory> copy = List.copyOf(factories);
        return (metrics, restored) ->
                new TeeResultPublisher(
                        copy.stream().map(f -> f.create(metrics, restored)).toList());
    }
}
