package io.prescale.connectors.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.connectors.actuator.TestingActuatorBackend;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppliedCommandsTest {
    private static final Instant T = Instant.parse("2024-03-01T12:00:00Z");
    private static final Instant LEASE = T.plusSeconds(900);

    static ScaleCommand cmd(String entity, long version, double target, Instant leaseExpiry) {
        return new ScaleCommand(
                entity + "/" + version,
                entity,
                "replicas",
                ScaleAction.SCALE_UP,
                target,
                "replicas",
                0,
                version,
                "test",
                0.99,
                2,
                0.9,
                0,
                T,
                T,
                leaseExpiry);
    }

    @Test
    void aCheckpointHoldsTheLastCommandAppliedPerKeyAboveZeroUnderALiveLease() {
        AppliedCommands applied = new AppliedCommands();
        applied.applied(cmd("a", 1, 2, LEASE), 2);
        applied.applied(cmd("a", 2, 3, LEASE), 3);
        applied.applied(cmd("b", 1, 2, LEASE), 2);
        applied.applied(cmd("b", 2, 0, LEASE), 0);
        applied.applied(cmd("c", 1, 4, T.plusSeconds(10)), 4);

        assertThat(applied.snapshot(T)).extracting(ScaleCommand::id).containsOnly("a/2", "c/1");
        assertThat(applied.snapshot(T.plusSeconds(10)))
                .as("a lease that expired is dropped")
                .extracting(ScaleCommand::id)
                .containsExactly("a/2");
    }

    @Test
    void aRestoreAppliesAgainTheOwnedKeysWhoseLeaseRunsAndLeavesTheOthersAtZero() {
        TestingActuatorBackend backend = new TestingActuatorBackend();
        AppliedCommands applied = new AppliedCommands();

        AppliedCommands.Reconciled r =
                applied.reconcile(
                        List.of(
                                cmd("a", 2, 3, LEASE),
                                cmd("lapsed", 5, 2, T.plusSeconds(30)),
                                cmd("elsewhere", 1, 2, LEASE)),
                        c -> !c.entity().equals("elsewhere"),
                        T.plusSeconds(30),
                        backend);

        assertThat(backend.applied).extracting(ScaleCommand::id).containsExactly("a/2");
        assertThat(r.reapplied()).containsExactly(Map.entry(cmd("a", 2, 3, LEASE), 3.0));
        assertThat(r.lapsed()).isOne();
        assertThat(r.elsewhere()).as("another subtask's, counted for the restore's line").isOne();
        assertThat(r.failures()).isEmpty();
        assertThat(applied.snapshot(T.plusSeconds(30)))
                .extracting(ScaleCommand::id)
                .containsExactly("a/2");
    }

    @Test
    void aCommandThatFailsAtTheRestoreStaysForTheNextOneAndNothingIsThrown() {
        TestingActuatorBackend backend = new TestingActuatorBackend();
        backend.transientFailures = 1;
        AppliedCommands applied = new AppliedCommands();

        AppliedCommands.Reconciled r =
                applied.reconcile(List.of(cmd("a", 2, 3, LEASE)), c -> true, T, backend);

        assertThat(r.reapplied()).isEmpty();
        assertThat(r.failures())
                .singleElement()
                .asString()
                .startsWith("command a/2 for 'a': ")
                .contains("testing: timeout")
                .as("the backend's own failure by its message, without its class")
                .doesNotContain("Exception");
        assertThat(applied.snapshot(T)).extracting(ScaleCommand::id).containsExactly("a/2");
    }
}
