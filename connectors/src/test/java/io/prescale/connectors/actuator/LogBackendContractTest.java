package io.prescale.connectors.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

/** The contract for the log backend, observed through what it reports applied. */
class LogBackendContractTest extends ActuatorBackendContractTest {
    private final Map<String, Double> reported = new HashMap<>();

    @Override
    protected ActuatorBackend createBackend(String entity) {
        LogBackend log = new LogBackend(Map.of("replicas", "replicas"));
        return new ActuatorBackend() {
            @Override
            public String name() {
                return log.name();
            }

            @Override
            public BackendResponse apply(io.prescale.model.ScaleCommand c)
                    throws TransientBackendException, RejectedCommandException {
                BackendResponse r = log.apply(c);
                reported.put(c.entity(), r.appliedAmount());
                return r;
            }

            @Override
            public void close() {
                log.close();
            }
        };
    }

    /** The log holds nothing: it is restarted and forgets what it reported. */
    @Override
    protected void loseState(String entity) throws Exception {
        reported.remove(entity);
        restartBackend();
    }

    @Override
    protected double observed(String entity) {
        return reported.getOrDefault(entity, 0.0);
    }

    @Override
    protected void assertReleased(String entity) {
        assertThat(reported).containsKey(entity);
    }
}
