package io.prescale.connectors.actuation;

import io.prescale.model.ActuationResult;
import java.io.Serializable;

/** Where the actuator reports what it did with each command ({@code prescale.actuations}). */
public interface ResultPublisher extends AutoCloseable {

    void publish(ActuationResult result);

    /** Blocks until everything published so far is durable. */
    void flush();

    @Override
    void close();

    /** Creates a publisher on the task manager. */
    interface Factory extends Serializable {
        ResultPublisher create();
    }
}
