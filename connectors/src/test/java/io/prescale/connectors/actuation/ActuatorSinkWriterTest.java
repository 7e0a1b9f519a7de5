package io.prescale.connectors.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.connectors.actuator.SettableClock;
import io.prescale.connectors.actuator.TestingActuatorBackend;
import io.prescale.connectors.influx.CapturedLog;
import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import io.prescale.model.GatedCommand;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class ActuatorSinkWriterTest {
    private static final Instant T = Instant.parse("2024-03-01T12:00:00Z");

    private final TestingActuatorBackend backend = new TestingActuatorBackend();
    private final SettableClock clock = new SettableClock(T);
    private final List<ActuationResult> published = new ArrayList<>();
    private final List<Long> sleeps = new ArrayList<>();
    private boolean publisherClosed;

    private final ResultPublisher publisher =
            new ResultPublisher() {
                @Override
                public void publish(ActuationResult result) {
                    published.add(result);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {
                    publisherClosed = true;
                }
            };

    private final Map<String, Counter> counters = new HashMap<>();

    private ActuatorSinkWriter writer() {
        return new ActuatorSinkWriter(
                backend,
                new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(250)),
                publisher,
                clock,
                new UnregisteredMetricsGroup() {
                    @Override
                    public Counter counter(String name) {
                        return counters.computeIfAbsent(name, n -> new SimpleCounter());
                    }
                },
                sleeps::add);
    }

    private static ScaleCommand cmd(long version) {
        return cmd(version, 3, 1);
    }

    private static ScaleCommand cmd(long version, double target, double previous) {
        return new ScaleCommand(
                "c" + version,
                "svc",
                "replicas",
                ScaleAction.SCALE_UP,
                target,
                "replicas",
                previous,
                version,
                "test",
                0.99,
                2,
                0.9,
                0,
                T,
                T,
                T.plusSeconds(600));
    }

    /**
     * Reconciliation: an actuator restarted without its state (a fresh backend running nothing)
     * given the RENEW of the target in force runs that target again, and reports it applied.
     */
    @Test
    void aRenewOfTheTargetInForceIsAppliedByABackendThatLostIt() throws Exception {
        ScaleCommand c = cmd(7, 3, 3);
        ScaleCommand renew =
                new ScaleCommand(
                        c.id(),
                        c.entity(),
                        c.resource(),
                        ScaleAction.RENEW,
                        c.targetAmount(),
                        c.unit(),
                        c.previousAmount(),
                        c.version(),
                        "GRANTED granted=3/3 tier=0 share=1; lease renewed; policy: HOLD",
                        c.forecastQuantile(),
                        c.forecastHorizonSteps(),
                        c.confidence(),
                        c.tier(),
                        c.issuedAt(),
                        c.neededBy(),
                        c.leaseExpiry());
        assertThat(backend.amount("svc", "replicas")).isZero();

        writer().write(GatedCommand.passed(renew), null);

        assertThat(published)
                .singleElement()
                .extracting(ActuationResult::status, ActuationResult::appliedAmount)
                .containsExactly(ActuationStatus.APPLIED, 3.0);
        assertThat(backend.amount("svc", "replicas")).isEqualTo(3);
    }

    /**
     * Every backend's commands are in the checkpoint; only a backend that restarts empty has them
     * applied again at the restore, counted and not published. Another backend keeps the restored
     * ones in its own checkpoints, so that a switch to one that restarts empty (the log backend's
     * actuator started again with the process pool) brings them back.
     */
    @Test
    void theLastAppliedCommandsAreKeptAndReconciledOnlyForABackendThatRestartsEmpty()
            throws Exception {
        ActuatorSinkWriter keepsThem = writer();
        keepsThem.write(GatedCommand.passed(cmd(1)), null);
        assertThat(keepsThem.snapshotState(1)).containsExactly(new ActuatorState.InForce(cmd(1)));
        ActuatorSinkWriter restored = writer();
        restored.reconcile(List.of(cmd(1)), c -> true);
        assertThat(backend.applied).as("not applied again").hasSize(1);
        assertThat(restored.snapshotState(2)).containsExactly(new ActuatorState.InForce(cmd(1)));

        backend.restartsEmpty = true;
        ActuatorSinkWriter keeps = writer();
        keeps.write(GatedCommand.passed(cmd(2)), null);
        List<ActuatorState> state = keeps.snapshotState(2);
        assertThat(state).containsExactly(new ActuatorState.InForce(cmd(2)));
        backend.close();
        published.clear();

        writer().reconcile(List.of(cmd(2)), c -> true);

        assertThat(backend.amount("svc", "replicas")).isEqualTo(3);
        assertThat(published).isEmpty();
        assertThat(counters.get("commandsReconciled").getCount()).isOne();
        assertThat(counters.get("commandsApplied").getCount()).isEqualTo(2);
    }

    @Test
    void appliedAfterTransientFailuresWithCappedDoublingBackoff() throws Exception {
        backend.transientFailures = 3;
        writer().write(GatedCommand.passed(cmd(1)), null);
        assertThat(sleeps).containsExactly(100L, 200L, 250L);
        assertThat(published)
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.status()).isEqualTo(ActuationStatus.APPLIED);
                            assertThat(r.appliedAmount()).isEqualTo(3);
                            assertThat(r.backend()).isEqualTo("testing");
                            assertThat(r.time()).isEqualTo(T);
                        });
    }

    @Test
    void failedOnceRetriesAreExhaustedAndTheJobGoesOn() throws Exception {
        backend.transientFailures = 10;
        ActuatorSinkWriter w = writer();
        w.write(GatedCommand.passed(cmd(1)), null);
        w.write(GatedCommand.passed(cmd(2)), null);
        assertThat(published)
                .extracting(ActuationResult::status)
                .containsExactly(ActuationStatus.FAILED, ActuationStatus.FAILED);
        assertThat(published.get(0).detail()).startsWith("failed after 4 attempts");
        assertThat(published.get(0).appliedAmount())
                .as("nothing runs yet, whatever the command's previous amount (1) says")
                .isZero();
    }

    /** A receiver that hangs would hold up every later command for each try. */
    @Test
    void aFailureNotToBeRetriedFailsAtTheFirstAttempt() throws Exception {
        backend.transientFailures = 10;
        backend.notRetried = true;

        writer().write(GatedCommand.passed(cmd(1)), null);

        assertThat(sleeps).isEmpty();
        assertThat(backend.transientFailures).isEqualTo(9);
        assertThat(published)
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.status()).isEqualTo(ActuationStatus.FAILED);
                            assertThat(r.detail())
                                    .isEqualTo("failed after 1 attempt: testing: no answer");
                        });
    }

    /**
     * A backend that is down fails every command: each is counted and reported FAILED, but the
     * warning is said at once for the first, then summed up at most once a minute per reason.
     */
    @Test
    void aBackendThatIsDownIsWarnedAboutOnceAMinuteAndEveryFailureIsReported() throws Exception {
        String timeout = "failed after 4 attempts";
        String defect = "failed after 1 attempt: IllegalStateException: bug";
        backend.transientFailures = Integer.MAX_VALUE;
        ActuatorSinkWriter w = writer();
        List<String> warnings;
        try (CapturedLog log = new CapturedLog(ActuatorSinkWriter.class)) {
            for (int i = 1; i <= 200; i++) {
                clock.now = T.plusMillis(500L * i);
                w.write(GatedCommand.passed(cmd(i)), null);
            }
            backend.defect = new IllegalStateException("bug");
            w.write(GatedCommand.passed(cmd(201)), null);
            w.write(GatedCommand.passed(cmd(202)), null);
            w.close();
            warnings = log.warnings();
        }

        assertThat(published).hasSize(202).allMatch(r -> r.status() == ActuationStatus.FAILED);
        assertThat(counters.get("commandsFailed").getCount()).isEqualTo(202);
        String further = " are summed up once a minute)";
        assertThat(warnings)
                .containsExactly(
                        "command c1 for 'svc' "
                                + timeout
                                + ": testing: timeout (further commands failed on backend 'testing'"
                                + further,
                        "120 command(s) for 1 entit(ies) failed on backend 'testing'"
                                + " since 2024-03-01T12:00:00.500Z;"
                                + " the last: command c121 for 'svc' "
                                + timeout
                                + ": testing: timeout",
                        "command c201 for 'svc' "
                                + defect
                                + " (further commands failed on backend 'testing' with"
                                + " IllegalStateException"
                                + further,
                        "79 command(s) for 1 entit(ies) failed on backend 'testing'"
                                + " since 2024-03-01T12:01:00.500Z;"
                                + " the last: command c200 for 'svc' "
                                + timeout
                                + ": testing: timeout",
                        "1 command(s) for 1 entit(ies) failed on backend 'testing' with"
                                + " IllegalStateException since 2024-03-01T12:01:40Z; the last:"
                                + " command c202 for 'svc' "
                                + defect);
    }

    /**
     * Failures after the backend applied again, among applied commands, are summed up once their
     * minute is up, by the next command applied or checkpoint (the hundred-and-thirty-second
     * tester's 8 failed and 5 rejected were said by no line), and the backend is said to apply
     * again only after a run of failures of which one was said.
     */
    @Test
    void failuresAmongAppliedCommandsAreSummedUpByACommandAppliedAMinuteLater() throws Exception {
        ActuatorSinkWriter w = writer();
        List<String> lines;
        try (CapturedLog log = new CapturedLog(ActuatorSinkWriter.class)) {
            backend.transientFailures = 4;
            w.write(GatedCommand.passed(cmd(1)), null); // said at once
            w.write(GatedCommand.passed(cmd(2)), null); // applies again
            backend.transientFailures = 8;
            w.write(GatedCommand.passed(cmd(3)), null);
            w.write(GatedCommand.passed(cmd(4)), null);
            w.write(GatedCommand.passed(cmd(5)), null); // applied, within the minute: no line
            clock.now = clock.now.plusSeconds(61);
            w.write(GatedCommand.passed(cmd(6)), null);
            // a failure and then no command: said at the first checkpoint a minute on
            backend.transientFailures = 4;
            w.write(GatedCommand.passed(cmd(7)), null);
            w.flush(false);
            clock.now = clock.now.plusSeconds(61);
            w.flush(false);
            lines = log.lines();
        }
        assertThat(lines).hasSize(4);
        assertThat(lines.get(2))
                .startsWith("2 command(s) for 1 entit(ies) failed on backend 'testing' since ")
                .contains("the last: command c4 for 'svc' failed after 4 attempts");
        assertThat(lines.get(3))
                .startsWith("1 command(s) for 1 entit(ies) failed on backend 'testing' since ")
                .contains("the last: command c7 for 'svc'");
    }

    /**
     * A receiver that refuses every command (a tester's wrong secret, HTTP 401) was said by no
     * line, only the counter: rejections are warned about as failures are. The first command
     * applied after failures says the backend applies again.
     */
    @Test
    void rejectionsAreWarnedAboutAndABackendThatAppliesAgainSaysSo() throws Exception {
        ActuatorSinkWriter w = writer();
        List<String> lines;
        try (CapturedLog log = new CapturedLog(ActuatorSinkWriter.class)) {
            backend.reject = true;
            for (int i = 1; i <= 3; i++) {
                w.write(GatedCommand.passed(cmd(i)), null);
            }
            backend.reject = false;
            backend.transientFailures = 8; // two commands of four attempts
            for (int i = 4; i <= 6; i++) {
                w.write(GatedCommand.passed(cmd(i)), null);
            }
            lines = log.lines();
        }
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0))
                .startsWith("command c1 for 'svc' rejected: ")
                .endsWith(
                        "(further commands rejected by backend 'testing' are summed up once a minute)");
        assertThat(lines.get(1)).startsWith("command c4 for 'svc' failed after 4 attempts: ");
        assertThat(lines.get(2))
                .isEqualTo(
                        "backend 'testing' applies commands again: 2 command(s) failed since "
                                + clock.now);
    }

    /**
     * One entity's receiver that fails between the other entities' successes: the recovery is said
     * after a failure line only, so at most once a minute with the failures' summary (a tester's
     * had it said for almost every command, 57 lines in 45 s).
     */
    @Test
    void failuresBetweenSuccessesSayTheRecoveryOnlyAfterAFailureLine() throws Exception {
        ActuatorSinkWriter w = writer();
        List<String> lines;
        try (CapturedLog log = new CapturedLog(ActuatorSinkWriter.class)) {
            for (int i = 1; i <= 20; i++) {
                clock.now = T.plusSeconds(i);
                backend.transientFailures = i % 2 == 0 ? 4 : 0; // every other command fails
                w.write(GatedCommand.passed(cmd(i)), null);
            }
            lines = log.lines();
        }
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("command c2 for 'svc' failed after 4 attempts: ");
        assertThat(lines.get(1))
                .isEqualTo(
                        "backend 'testing' applies commands again: 1 command(s) failed since "
                                + T.plusSeconds(2));
    }

    @Test
    void aRejectedOrFailedCommandReportsWhatTheBackendRunsNotItsPreviousAmount() throws Exception {
        ActuatorSinkWriter w = writer();
        w.write(GatedCommand.passed(cmd(99, 150, 0)), null);
        backend.reject = true;
        w.write(GatedCommand.passed(cmd(103, 1e6, 100)), null);
        backend.reject = false;
        backend.transientFailures = 10;
        w.write(GatedCommand.passed(cmd(104, 200, 1e6)), null);

        assertThat(published)
                .extracting(r -> r.version() + ":" + r.status() + ":" + r.appliedAmount())
                .containsExactly("99:APPLIED:150.0", "103:REJECTED:150.0", "104:FAILED:150.0");
    }

    /**
     * A command above 1e18 (forged or corrupted: the job's amounts come from samples bounded so) is
     * rejected before the backend sees it: the scaling job's ledger would refuse any result of it.
     */
    @Test
    void aTargetAboveTheBoundOfEveryAmountIsRejectedWithoutTheBackend() throws Exception {
        ActuatorSinkWriter w = writer();
        w.write(GatedCommand.passed(cmd(1, 100, 0)), null);
        w.write(GatedCommand.passed(cmd(2, 2e18, 100)), null);

        assertThat(published)
                .extracting(r -> r.version() + ":" + r.status() + ":" + r.appliedAmount())
                .containsExactly("1:APPLIED:100.0", "2:REJECTED:100.0");
        assertThat(published.get(1).detail())
                .isEqualTo("targetAmount 2e18 is above 1e18, the bound of every amount");
        assertThat(backend.applied).hasSize(1);
        assertThat(published.get(1).backend())
                .as("the actuator's backend, which reports it")
                .isEqualTo("testing");
    }

    @Test
    void aSupersededCommandReportsWhatRunsNotTheTargetOfARejectedNewestCommand() throws Exception {
        ActuatorSinkWriter w = writer();
        w.write(GatedCommand.passed(cmd(1, 100, 0)), null);
        backend.reject = true;
        w.write(GatedCommand.passed(cmd(2, 1e6, 100)), null);
        backend.reject = false;
        w.write(GatedCommand.superseded(cmd(2, 1e6, 100), 2), null);
        w.write(GatedCommand.superseded(cmd(1, 100, 0), 2), null);

        assertThat(published)
                .extracting(r -> r.version() + ":" + r.status() + ":" + r.appliedAmount())
                .as("version 2 passed the gate but was rejected: version 1's 100 stays in force")
                .containsExactly(
                        "1:APPLIED:100.0",
                        "2:REJECTED:100.0",
                        "2:SUPERSEDED:100.0",
                        "1:SUPERSEDED:100.0");
        assertThat(published.get(2).detail()).isEqualTo("version 2 is not newer than 2");
        assertThat(published.get(2).backend()).isEqualTo("testing");
        assertThat(backend.applied).as("a superseded command is not applied").hasSize(1);
        assertThat(counters.get("commandsSuperseded").getCount()).isEqualTo(2);
        assertThat(counters.get("commandsRejected").getCount()).isEqualTo(1);
    }

    @Test
    void aSupersededCommandAfterAFailureFallsBackOnWhatTheWriterLastApplied() throws Exception {
        backend.tellsInForce = false;
        ActuatorSinkWriter w = writer();
        w.write(GatedCommand.superseded(cmd(1, 50, 20), 4), null);
        w.write(GatedCommand.passed(cmd(5, 150, 20)), null);
        backend.transientFailures = 10;
        w.write(GatedCommand.passed(cmd(6, 1e6, 150)), null);
        w.write(GatedCommand.superseded(cmd(6, 1e6, 150), 6), null);

        assertThat(published)
                .extracting(r -> r.status() + ":" + r.appliedAmount())
                .as("a writer that applied nothing yet (restarted) knows only the previous amount")
                .containsExactly(
                        "SUPERSEDED:20.0", "APPLIED:150.0", "FAILED:150.0", "SUPERSEDED:150.0");
    }

    @Test
    void aBackendThatCannotTellFallsBackOnWhatTheWriterLastApplied() throws Exception {
        backend.tellsInForce = false;
        ActuatorSinkWriter w = writer();
        backend.reject = true;
        w.write(GatedCommand.passed(cmd(1, 50, 20)), null);
        backend.reject = false;
        w.write(GatedCommand.passed(cmd(2, 150, 20)), null);
        backend.reject = true;
        w.write(GatedCommand.passed(cmd(3, 1e6, 100)), null);

        assertThat(published)
                .extracting(r -> r.status() + ":" + r.appliedAmount())
                .as("before anything was applied only the command's previous amount is known")
                .containsExactly("REJECTED:20.0", "APPLIED:150.0", "REJECTED:150.0");
    }

    /**
     * A backend that refuses every command of a key ran none of their targets: each refusal reports
     * the first one's previous amount, not the previous (refused) target the next command carries
     * as its previous amount (the hundred-and-ninth tester's webhook answering 404).
     */
    @Test
    void refusalsOfEveryCommandOfAKeyReportNoneOfTheirTargetsInForce() throws Exception {
        backend.tellsInForce = false;
        backend.reject = true;
        ActuatorSinkWriter w = writer();
        w.write(GatedCommand.passed(cmd(1, 22.9, 0)), null);
        w.write(GatedCommand.passed(cmd(2, 25.1, 22.9)), null);
        w.write(GatedCommand.passed(cmd(3, 0, 25.1)), null);

        assertThat(published)
                .extracting(r -> r.status() + ":" + r.appliedAmount())
                .containsExactly("REJECTED:0.0", "REJECTED:0.0", "REJECTED:0.0");
    }

    @Test
    void aBackendDefectIsReportedFailedWithoutRetriesAndTheNextCommandIsApplied() throws Exception {
        ActuatorSinkWriter w = writer();
        backend.defect = new IllegalStateException("bug in backend");
        w.write(GatedCommand.passed(cmd(1)), null);
        backend.defect = null;
        w.write(GatedCommand.passed(cmd(2)), null);

        assertThat(sleeps).isEmpty();
        assertThat(published)
                .extracting(r -> r.version() + ":" + r.status())
                .containsExactly("1:FAILED", "2:APPLIED");
        assertThat(published.get(0).detail()).contains("bug in backend");
    }

    @Test
    void anAmountTheResultCannotHoldIsAFailureCountedOnce() throws Exception {
        backend.reported = -1.0;
        writer().write(GatedCommand.passed(cmd(1)), null);

        assertThat(published)
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.status()).isEqualTo(ActuationStatus.FAILED);
                            assertThat(r.detail()).contains("appliedAmount");
                        });
        assertThat(counters.get("commandsApplied").getCount()).isZero();
        assertThat(counters.get("commandsFailed").getCount()).isEqualTo(1);
    }

    @Test
    void rejectedIsNotRetried() throws Exception {
        backend.reject = true;
        writer().write(GatedCommand.passed(cmd(1)), null);
        assertThat(sleeps).isEmpty();
        assertThat(published)
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.status()).isEqualTo(ActuationStatus.REJECTED);
                            assertThat(r.detail()).contains("resource 'replicas' is unknown");
                        });
    }

    @Test
    void closeClosesBackendAndPublisher() throws Exception {
        writer().close();
        assertThat(backend.closed).isTrue();
        assertThat(publisherClosed).isTrue();
    }
}
