package io.prescale.connectors.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ActuatorBackend} must do; one subclass per backend, the fake included. */
abstract class ActuatorBackendContractTest {
    private static final AtomicInteger ENTITIES = new AtomicInteger();
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    protected ActuatorBackend backend;
    protected String entity;
    private long version;

    /** Prepares the target system for {@code entity} and creates the backend under test. */
    protected abstract ActuatorBackend createBackend(String entity) throws Exception;

    /** The amount of {@link #resource()} the target system holds for the entity now. */
    protected abstract double observed(String entity) throws Exception;

    /** Asserts that a closed backend holds nothing any more. */
    protected abstract void assertReleased(String entity) throws Exception;

    /**
     * The target system loses what it ran for the entity: the actuator restarted without its state
     * (a process pool's workers die with it), or someone scaled the workload by hand.
     */
    protected abstract void loseState(String entity) throws Exception;

    /** The actuator restarts: the backend is closed, which releases everything, and made anew. */
    protected void restartBackend() throws Exception {
        backend.close();
        backend = createBackend(entity);
    }

    protected String resource() {
        return "replicas";
    }

    protected String unit() {
        return "replicas";
    }

    @BeforeEach
    void createBackend() throws Exception {
        entity = "contract-" + ENTITIES.incrementAndGet();
        backend = createBackend(entity);
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    protected ScaleCommand command(
            ScaleAction action, double target, String resource, String unit) {
        return command(entity, action, target, resource, unit);
    }

    /** A command of {@code other}, not the contract's entity. */
    protected ScaleCommand command(String other, ScaleAction action, double target) {
        return command(other, action, target, resource(), unit());
    }

    private ScaleCommand command(
            String forEntity, ScaleAction action, double target, String resource, String unit) {
        version++;
        return new ScaleCommand(
                "cmd-" + version,
                forEntity,
                resource,
                action,
                target,
                unit,
                0,
                version,
                "contract",
                0.9,
                1,
                0.5,
                0,
                T0,
                T0.plusSeconds(60),
                T0.plusSeconds(600));
    }

    protected ScaleCommand command(ScaleAction action, double target) {
        return command(action, target, resource(), unit());
    }

    @Test
    void sameAbsoluteTargetTwiceLeavesTheSameState() throws Exception {
        BackendResponse first = backend.apply(command(ScaleAction.SCALE_UP, 2));
        double afterFirst = observed(entity);
        BackendResponse second = backend.apply(command(ScaleAction.SCALE_UP, 2));

        assertThat(afterFirst).isEqualTo(2);
        assertThat(observed(entity)).isEqualTo(afterFirst);
        assertThat(second.appliedAmount()).isEqualTo(first.appliedAmount()).isEqualTo(2);
    }

    @Test
    void scaleUpThenDownReachesTheLastTarget() throws Exception {
        backend.apply(command(ScaleAction.SCALE_UP, 3));
        assertThat(observed(entity)).isEqualTo(3);

        BackendResponse down = backend.apply(command(ScaleAction.SCALE_DOWN, 1));

        assertThat(down.appliedAmount()).isEqualTo(1);
        assertThat(observed(entity)).isEqualTo(1);
    }

    @Test
    void aRenewOfTheTargetInForceChangesNothingAndIsApplied() throws Exception {
        backend.apply(command(ScaleAction.SCALE_UP, 2));

        BackendResponse renew = backend.apply(command(ScaleAction.RENEW, 2));

        assertThat(renew.appliedAmount()).isEqualTo(2);
        assertThat(observed(entity)).isEqualTo(2);
    }

    /** Reconciliation: a RENEW brings a backend that lost the target in force back to it. */
    @Test
    void aRenewBringsBackTheTargetABackendLost() throws Exception {
        backend.apply(command(ScaleAction.SCALE_UP, 3));
        loseState(entity);
        assertThat(observed(entity)).as("lost").isNotEqualTo(3);

        BackendResponse renew = backend.apply(command(ScaleAction.RENEW, 3));

        assertThat(renew.appliedAmount()).isEqualTo(3);
        assertThat(observed(entity)).isEqualTo(3);
    }

    @Test
    void unknownResourceIsRejectedNamingFieldAndValue() {
        assertThatThrownBy(() -> backend.apply(command(ScaleAction.SCALE_UP, 1, "gpu-hours", "h")))
                .isInstanceOf(RejectedCommandException.class)
                .hasMessageContaining("resource")
                .hasMessageContaining("gpu-hours");
    }

    @Test
    void wrongUnitIsRejectedNamingFieldAndValue() {
        assertThatThrownBy(
                        () ->
                                backend.apply(
                                        command(ScaleAction.SCALE_UP, 1, resource(), "furlongs")))
                .isInstanceOf(RejectedCommandException.class)
                .hasMessageContaining("unit")
                .hasMessageContaining("furlongs");
    }

    @Test
    void whatRunsIsTheLastAppliedTargetWhateverWasRejectedSince() throws Exception {
        backend.apply(command(ScaleAction.SCALE_UP, 3));
        assertThatThrownBy(
                        () ->
                                backend.apply(
                                        command(ScaleAction.SCALE_UP, 5, resource(), "furlongs")))
                .isInstanceOf(RejectedCommandException.class);

        assertThat(observed(entity)).isEqualTo(3);
        OptionalDouble told = backend.inForce(entity, resource());
        if (told.isPresent()) { // a backend may not be able to tell (a webhook)
            assertThat(told.getAsDouble()).isEqualTo(3);
        }
    }

    @Test
    void closeReleasesEverything() throws Exception {
        backend.apply(command(ScaleAction.SCALE_UP, 2));
        assertThat(observed(entity)).isEqualTo(2);

        backend.close();

        assertReleased(entity);
    }
}
