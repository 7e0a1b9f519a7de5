package io.prescale.connectors.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

/** The contract against real {@code sleep} processes. */
class ProcessPoolBackendContractTest extends ActuatorBackendContractTest {
    private ProcessPoolBackend pool;
    private List<Long> pids = List.of();

    @Override
    protected ActuatorBackend createBackend(String entity) {
        pool =
                new ProcessPoolBackend(
                        new ProcessPoolConfig(List.of("sleep", "3600"), 16, Duration.ofSeconds(2)));
        return pool;
    }

    /** The workers are child processes: closed, the backend stops them all. */
    @Override
    protected void loseState(String entity) throws Exception {
        restartBackend();
    }

    @Override
    protected double observed(String entity) {
        pids = pool.workerPids(entity);
        return pool.liveWorkers(entity);
    }

    @Override
    protected void assertReleased(String entity) {
        assertThat(pids).isNotEmpty();
        assertThat(pool.liveWorkers(entity)).isZero();
        assertThat(pool.totalLive()).isZero();
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("worker %d is gone", pid)
                    .isFalse();
        }
    }
}
