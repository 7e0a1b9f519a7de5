package io.prescale.connectors.actuator;

import static org.assertj.core.api.Assertions.assertThat;

class TestingActuatorBackendContractTest extends ActuatorBackendContractTest {
    private TestingActuatorBackend fake;

    @Override
    protected ActuatorBackend createBackend(String entity) {
        fake = new TestingActuatorBackend();
        return fake;
    }

    @Override
    protected void loseState(String entity) throws Exception {
        restartBackend();
    }

    @Override
    protected double observed(String entity) {
        return fake.amount(entity, resource());
    }

    @Override
    protected void assertReleased(String entity) {
        assertThat(fake.closed).isTrue();
        assertThat(fake.state).isEmpty();
    }
}
