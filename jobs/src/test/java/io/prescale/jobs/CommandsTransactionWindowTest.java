package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Checkpoint options under which the commands sink's Kafka transaction can stay open past its 15
 * min timeout are refused at start-up: W = (k + 1) · max(i, t) + t.
 */
class CommandsTransactionWindowTest {
    private static final String TOLERATED =
            "-Dexecution.checkpointing.tolerable-failed-checkpoints=";
    private static final String TIMEOUT = "-Dexecution.checkpointing.timeout=";
    private static final String INTERVAL = "-Dcheckpoint.interval=";

    @Test
    void theWorstCaseIsTheWaitForTheCheckpointTheFailedOnesAndTheOneThatCommits() {
        Duration min = Duration.ofMinutes(1);
        assertThat(
                        CommandsTransactionWindow.worstCase(
                                1, Duration.ofSeconds(10), min.multipliedBy(4)))
                .isEqualTo(min.multipliedBy(12));
        assertThat(
                        CommandsTransactionWindow.worstCase(
                                2, min.multipliedBy(5), Duration.ofSeconds(30)))
                .as("checkpoints that time out before the interval start one interval apart")
                .isEqualTo(min.multipliedBy(15).plusSeconds(30));
        assertThat(
                        CommandsTransactionWindow.worstCase(
                                0, Duration.ofSeconds(10), min.multipliedBy(10)))
                .isEqualTo(min.multipliedBy(20));
    }

    @Test
    void theDefaultsAndTheLongestTimeoutThatFitsAreAccepted() {
        JobConfig.fromArgs();
        JobConfig.fromArgs(TIMEOUT + "5 min");
        JobConfig.fromArgs(TOLERATED + "2", TIMEOUT + "225 s");
        JobConfig.fromArgs(TOLERATED + "0", TIMEOUT + "450 s");
    }

    /** The tester's case: Flink's own 10 min timeout with prescale's one failure tolerated. */
    @Test
    void flinksTimeoutWithOneFailureToleratedIsRefusedNamingTheOptionsAndTheRemedy() {
        assertThatThrownBy(() -> JobConfig.fromArgs(TIMEOUT + "10 min"))
                .hasMessage(
                        "execution.checkpointing.tolerable-failed-checkpoints (1) with"
                                + " execution.checkpointing.timeout (10 min) and"
                                + " checkpoint.interval (10 s) can keep a Kafka transaction of"
                                + " the commands sink open (1 + 1) × max(10 s, 10 min) + 10 min"
                                + " = 30 min, past its 15 min timeout, when the broker aborts it"
                                + " and its commands are lost: set"
                                + " execution.checkpointing.timeout to at most 5 min, or"
                                + " tolerate fewer failed checkpoints");
    }

    @Test
    void moreFailuresToleratedNeedAShorterTimeout() {
        assertThatThrownBy(() -> JobConfig.fromArgs(TOLERATED + "2"))
                .hasMessageContaining("(2 + 1) × max(10 s, 4 min) + 4 min = 16 min")
                .hasMessageEndingWith(
                        "set execution.checkpointing.timeout to at most 225 s, or tolerate"
                                + " fewer failed checkpoints");
        assertThatThrownBy(() -> JobConfig.fromArgs(TOLERATED + "0", TIMEOUT + "451 s"))
                .hasMessageEndingWith("set execution.checkpointing.timeout to at most 450 s");
    }

    /** A long interval counts instead of the timeout, and may leave no timeout that fits. */
    @Test
    void aLongIntervalCountsAndMayLeaveNoTimeoutThatFits() {
        JobConfig.fromArgs(INTERVAL + "7 min", TIMEOUT + "1 min");
        assertThatThrownBy(() -> JobConfig.fromArgs(INTERVAL + "6 min"))
                .hasMessageContaining("(1 + 1) × max(6 min, 4 min) + 4 min = 16 min")
                .hasMessageContaining("set execution.checkpointing.timeout to at most 3 min,");
        assertThatThrownBy(() -> JobConfig.fromArgs(INTERVAL + "8 min", TIMEOUT + "1 min"))
                .hasMessageContaining("= 17 min, past its 15 min timeout")
                .hasMessageEndingWith(
                        "set checkpoint.interval and execution.checkpointing.timeout to at most"
                                + " 5 min each, or tolerate fewer failed checkpoints");
    }
}
