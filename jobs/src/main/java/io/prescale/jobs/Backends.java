package io.prescale.jobs;

import io.prescale.connectors.actuator.ActuatorBackend;
import io.prescale.connectors.actuator.LogBackend;
import org.apache.flink.configuration.Configuration;

/** The actuator backend named by {@code actuator.backend}. */
final class Backends {
    private Backends() {}

    static ActuatorBackend.Factory fromConfig(Configuration conf) {
        String name = conf.get(JobOptions.ACTUATOR_BACKEND);
        if (name.equals("log")) {
            return LogBackend::new;
        }
        throw new IllegalArgumentException(
                "actuator.backend '"
                        + name
                        + "' is not available in this build; available: log"
                        + " (process-pool, webhook and kubernetes are not implemented yet)");
    }
}
