package io.prescale.connectors.actuation;

import io.prescale.connectors.influx.InfluxBacklog;
import io.prescale.model.ActuationResult;
import java.util.List;

/** Publishes every result to several publishers (Kafka, and InfluxDB when configured). */
final class TeeResultPublisher implements ResultPublisher {
    private final List<ResultPublisher> publishers;

    TeeResultPublisher(List<ResultPublisher> publishers) {
        this.publishers = List.copyOf(publishers);
    }

    @Override
    public void publish(ActuationResult result) throws InterruptedException {
        for (ResultPublisher p : publishers) {
            p.publish(result);
        }
    }

    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        for (ResultPublisher p : publishers) {
            p.flush(endOfInput);
        }
    }

    @Override
    public List<InfluxBacklog> snapshotState() {
        return publishers.stream().flatMap(p -> p.snapshotState().stream()).toList();
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (ResultPublisher p : publishers) {
            try {
                p.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
