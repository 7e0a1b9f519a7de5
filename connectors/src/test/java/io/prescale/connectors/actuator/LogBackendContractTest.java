package io.prescale.connectors.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest
    @CsvSource({
        "37.48923749823, 37.4892",
        "4, 4",
        "0, 0",
        "1.0E-7, 0.0000001",
        "123456789.4, 123456789",
        "8589934592, 8589934592",
        "0.1, 0.1"
    })
    void amountsAreLoggedToSixSignificantDigits(double amount, String shown) {
        assertThat(LogBackend.readable(amount)).isEqualTo(shown);
    }
}
