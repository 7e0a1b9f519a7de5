package io.prescale.connectors.actuation;

import static io.prescale.connectors.actuation.AppliedCommandsTest.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.connectors.actuator.ActuatorBackend;
import io.prescale.connectors.actuator.TestingActuatorBackend;
import io.prescale.connectors.influx.InfluxBacklog;
import io.prescale.model.ActuationResult;
import io.prescale.model.GatedCommand;
import io.prescale.model.ScaleCommand;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The actuator's restore path through Flink's sink writer operator: the last command applied per
 * key is in the checkpoint, and a writer restored from it brings a backend that restarts empty back
 * to those commands before any new one, publishing nothing; after a change of parallelism each key
 * is brought back once, by the subtask its commands are routed to. The results publishers' state
 * (the InfluxDB writer's) is in the same checkpoint and comes back to them.
 */
class ActuatorSinkRestoreTest {
    private static final int MAX_PARALLELISM = 128;
    private static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");
    private static final Instant LEASE = NOW.plusSeconds(900);

    /** Every backend the sink created, in order, each one starting empty. */
    private static final List<TestingActuatorBackend> BACKENDS = new CopyOnWriteArrayList<>();

    private static final List<ActuationResult> PUBLISHED = new CopyOnWriteArrayList<>();

    /** What every publisher keeps: an InfluxDB writer's unwritten line and tagged entity. */
    private static final InfluxBacklog INFLUX_STATE =
            new InfluxBacklog(List.of("actuation,entity=a applied=3 1"), List.of("a"));

    /** The InfluxDB state the publishers were created with. */
    private static final List<InfluxBacklog> RESTORED = new CopyOnWriteArrayList<>();

    @AfterEach
    void clear() {
        BACKENDS.clear();
        PUBLISHED.clear();
        RESTORED.clear();
    }

    private static ActuatorSink sink() {
        ActuatorBackend.Factory backends =
                () -> {
                    TestingActuatorBackend b = new TestingActuatorBackend();
                    b.restartsEmpty = true;
                    BACKENDS.add(b);
                    return b;
                };
        ResultPublisher.Factory publishers =
                (metrics, restored) ->
                        new ResultPublisher() {
                            {
                                RESTORED.addAll(restored);
                            }

                            @Override
                            public void publish(ActuationResult result) {
                                PUBLISHED.add(result);
                            }

                            @Override
                            public void flush(boolean endOfInput) {}

                            @Override
                            public List<InfluxBacklog> snapshotState() {
                                return List.of(INFLUX_STATE);
                            }

                            @Override
                            public void close() {}
                        };
        return new ActuatorSink(
                backends,
                new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1)),
                publishers,
                Clock.fixed(NOW, ZoneOffset.UTC),
                ScaleCommand::entity);
    }

    private static OneInputStreamOperatorTestHarness<GatedCommand, ?> harness(
            int parallelism, int subtask) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                new SinkWriterOperatorFactory<GatedCommand, Void>(sink()),
                MAX_PARALLELISM,
                parallelism,
                subtask);
    }

    /** Applies a's 2 then 3, b's 2 then 0, c's 1, and d's 4 on a lease already expired. */
    private static OperatorSubtaskState appliedThenSnapshot() throws Exception {
        try (OneInputStreamOperatorTestHarness<GatedCommand, ?> first = harness(1, 0)) {
            first.open();
            for (ScaleCommand c :
                    List.of(
                            cmd("a", 1, 2, LEASE),
                            cmd("a", 2, 3, LEASE),
                            cmd("b", 1, 2, LEASE),
                            cmd("b", 2, 0, LEASE),
                            cmd("c", 1, 1, LEASE),
                            cmd("d", 1, 4, NOW))) {
                first.processElement(GatedCommand.passed(c), 0);
            }
            assertThat(PUBLISHED).hasSize(6);
            return first.snapshot(1, 1);
        }
    }

    @Test
    void aRestoredWriterBringsTheBackendBackToEachKeysLastAppliedCommandAndPublishesNothing()
            throws Exception {
        OperatorSubtaskState snapshot = appliedThenSnapshot();
        assertThat(BACKENDS.get(0).closed).isTrue();

        try (OneInputStreamOperatorTestHarness<GatedCommand, ?> restored = harness(1, 0)) {
            restored.initializeState(snapshot);
            restored.open();

            TestingActuatorBackend fresh = BACKENDS.get(1);
            assertThat(fresh.applied)
                    .as("before any new command: a and c; b was released, d's lease expired")
                    .extracting(ScaleCommand::id)
                    .containsExactlyInAnyOrder("a/2", "c/1");
            assertThat(fresh.amount("a", "replicas")).isEqualTo(3);
            assertThat(PUBLISHED).as("no second result for a command reported").hasSize(6);
            assertThat(RESTORED).as("the publishers' own state").containsExactly(INFLUX_STATE);
        }
    }

    @Test
    void afterAChangeOfParallelismEachKeyIsBroughtBackOnceByTheSubtaskItIsRoutedTo()
            throws Exception {
        OperatorSubtaskState snapshot = appliedThenSnapshot();
        List<String> reapplied = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            // each subtask gets the checkpoint's whole state: the most a repartition could give
            try (OneInputStreamOperatorTestHarness<GatedCommand, ?> restored =
                    harness(2, subtask)) {
                restored.initializeState(
                        AbstractStreamOperatorTestHarness.repartitionOperatorState(
                                snapshot, MAX_PARALLELISM, 1, 1, 0));
                restored.open();
                int routedHere = subtask;
                BACKENDS.get(BACKENDS.size() - 1)
                        .applied
                        .forEach(
                                c -> {
                                    assertThat(
                                                    sink().routedTo(
                                                                    restored.getEnvironment()
                                                                            .getTaskInfo())
                                                            .test(c))
                                            .as("%s applied on subtask %d", c.id(), routedHere)
                                            .isTrue();
                                    reapplied.add(c.id());
                                });
            }
        }
        assertThat(reapplied).containsExactlyInAnyOrder("a/2", "c/1");
    }
}
