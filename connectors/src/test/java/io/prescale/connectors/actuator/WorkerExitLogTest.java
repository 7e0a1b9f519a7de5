package io.prescale.connectors.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Workers that exit on their own are said once, then summed up at most once a minute. */
class WorkerExitLogTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String HOW = "exit code 1, stderr: sleep: invalid time interval";

    private final SettableClock clock = new SettableClock(T0);
    private final WorkerExitLog log = new WorkerExitLog(clock);

    @Test
    void theFirstExitIsSaidAtOnceAndTheNextOnesOnceAMinute() {
        assertThat(log.exited("vm-1", 2, HOW))
                .hasValueSatisfying(
                        l ->
                                assertThat(l)
                                        .startsWith("2 worker(s) of 'vm-1' exited on their own")
                                        .endsWith(HOW));

        for (int i = 1; i <= 1000; i++) {
            clock.now = T0.plusMillis(59 * i);
            assertThat(log.exited(i % 2 == 0 ? "vm-1" : "vm-2", 1, HOW)).isEmpty();
        }
        clock.now = T0.plus(SummedUpWarning.INTERVAL);

        assertThat(log.exited("vm-3", 0, ""))
                .contains(
                        "1000 worker(s) of 2 entit(ies) exited on their own since "
                                + T0
                                + ", each replaced on its entity's next command; the last, of 'vm-1': "
                                + HOW);
        assertThat(log.unsaid()).isEmpty();
    }

    @Test
    void whatIsNotSaidYetIsSaidOnClose() {
        log.exited("vm-1", 1, HOW);
        clock.now = T0.plus(Duration.ofSeconds(1));
        log.exited("vm-1", 1, HOW);

        assertThat(log.unsaid()).hasValueSatisfying(l -> assertThat(l).startsWith("1 worker(s)"));
    }
}
