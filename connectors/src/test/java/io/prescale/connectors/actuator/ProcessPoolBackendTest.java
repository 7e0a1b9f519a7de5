package io.prescale.connectors.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.connectors.influx.CapturedLog;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pool behaviour beyond the contract, with real processes. */
class ProcessPoolBackendTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> SLEEP = List.of("sleep", "3600");

    private ProcessPoolBackend pool;
    private long version;

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    private ScaleCommand cmd(String entity, ScaleAction action, double target) {
        return cmd(entity, "replicas", "replicas", action, target);
    }

    private ScaleCommand cmd(
            String entity, String resource, String unit, ScaleAction action, double target) {
        version++;
        return new ScaleCommand(
                "c" + version,
                entity,
                resource,
                action,
                target,
                unit,
                0,
                version,
                "test",
                0.9,
                1,
                0.5,
                0,
                T0,
                T0,
                T0);
    }

    /** A pool where "a" runs 1 worker and 2 spares pre-warmed to 3; their pids, oldest first. */
    private List<Long> prewarmedToThree() throws Exception {
        pool = new ProcessPoolBackend(new ProcessPoolConfig(SLEEP, 10, Duration.ofSeconds(2)));
        pool.apply(cmd("a", ScaleAction.SCALE_UP, 1));
        pool.apply(cmd("a", ScaleAction.PREWARM, 3));
        return pool.workerPids("a");
    }

    @Test
    void prewarmKeepsSparesThatAScaleUpPromotes() throws Exception {
        List<Long> prewarmed = prewarmedToThree();
        assertThat(pool.liveWorkers("a")).isEqualTo(3);
        assertThat(pool.spareWorkers("a")).isEqualTo(2);

        pool.apply(cmd("a", ScaleAction.SCALE_UP, 3));

        assertThat(pool.workerPids("a")).isEqualTo(prewarmed);
        assertThat(pool.spareWorkers("a")).isZero();
    }

    /**
     * A RENEW of the target in force keeps every worker and spare; one that finds workers gone
     * starts them again active, keeping the spares that are left; and a pool restarted without its
     * workers gets them all back, active.
     */
    @Test
    void aRenewKeepsSparesAndStartsWhatWasLostActive() throws Exception {
        List<Long> prewarmed = prewarmedToThree();

        BackendResponse same = pool.apply(cmd("a", ScaleAction.RENEW, 3));

        assertThat(same.appliedAmount()).isEqualTo(3);
        assertThat(pool.workerPids("a")).isEqualTo(prewarmed);
        assertThat(pool.spareWorkers("a")).isEqualTo(2);

        ProcessHandle active = ProcessHandle.of(prewarmed.get(0)).orElseThrow();
        active.destroyForcibly();
        active.onExit().get(5, TimeUnit.SECONDS);
        BackendResponse replaced = pool.apply(cmd("a", ScaleAction.RENEW, 3));

        assertThat(replaced.detail()).contains("1 dead replaced");
        assertThat(pool.liveWorkers("a")).isEqualTo(3);
        assertThat(pool.spareWorkers("a")).isEqualTo(2);

        pool.close();
        pool = new ProcessPoolBackend(new ProcessPoolConfig(SLEEP, 10, Duration.ofSeconds(2)));
        BackendResponse restarted = pool.apply(cmd("a", ScaleAction.RENEW, 3));

        assertThat(restarted.appliedAmount()).isEqualTo(3);
        assertThat(pool.liveWorkers("a")).isEqualTo(3);
        assertThat(pool.spareWorkers("a")).isZero();
    }

    /**
     * A pool's shadow capacity ({@code shadow:<pool>}, the arbiter's shadow commands) is spare
     * whatever the command: pre-warmed to 3, released to 2 as it decays, renewed at 2 (its lease
     * extended), and renewed at 2 by a pool restarted without its workers (the RENEW that brings an
     * actuator that lost the shadow back to it), its workers are all spares, none active. A
     * shadow's RENEW found its workers active (made so by the RELEASE) and started those it had
     * lost active.
     */
    @Test
    void aShadowsWorkersStaySpareThroughItsReleaseAndRenewals() throws Exception {
        String shadow = ScaleCommand.SHADOW_PREFIX + "default";
        pool = new ProcessPoolBackend(new ProcessPoolConfig(SLEEP, 10, Duration.ofSeconds(2)));
        pool.apply(cmd(shadow, ScaleAction.PREWARM, 3));
        assertThat(pool.spareWorkers(shadow)).isEqualTo(3);

        pool.apply(cmd(shadow, ScaleAction.RELEASE, 2));
        List<Long> kept = pool.workerPids(shadow);
        BackendResponse renewed = pool.apply(cmd(shadow, ScaleAction.RENEW, 2));

        assertThat(renewed.detail()).startsWith("2 workers (2 spare)");
        assertThat(pool.workerPids(shadow)).isEqualTo(kept);
        assertThat(pool.spareWorkers(shadow)).isEqualTo(2);

        pool.close();
        pool = new ProcessPoolBackend(new ProcessPoolConfig(SLEEP, 10, Duration.ofSeconds(2)));
        pool.apply(cmd(shadow, ScaleAction.RENEW, 2));

        assertThat(pool.liveWorkers(shadow)).isEqualTo(2);
        assertThat(pool.spareWorkers(shadow)).isEqualTo(2);
    }

    @Test
    void fractionalTargetIsRoundedUpAndScaleDownStopsTheNewest() throws Exception {
        pool = new ProcessPoolBackend(new ProcessPoolConfig(SLEEP, 10, Duration.ofSeconds(2)));
        assertThat(pool.apply(cmd("a", ScaleAction.SCALE_UP, 2.2)).appliedAmount()).isEqualTo(3);
        List<Long> pids = pool.workerPids("a");

        pool.apply(cmd("a", ScaleAction.RELEASE, 1));

        assertThat(pool.workerPids("a")).containsExactly(pids.get(0));
    }

    @Test
    void deadWorkerIsReplacedOnTheNextCommand() throws Exception {
        pool = new ProcessPoolBackend(new ProcessPoolConfig(SLEEP, 10, Duration.ofSeconds(2)));
        pool.apply(cmd("a", ScaleAction.SCALE_UP, 2));
        ProcessHandle victim = ProcessHandle.of(pool.workerPids("a").get(0)).orElseThrow();
        victim.destroyForcibly();
        victim.onExit().get(5, TimeUnit.SECONDS);
        assertThat(pool.liveWorkers("a")).isEqualTo(1);

        BackendResponse r = pool.apply(cmd("a", ScaleAction.SCALE_UP, 2));

        assertThat(pool.liveWorkers("a")).isEqualTo(2);
        assertThat(r.detail()).contains("1 dead replaced");
    }

    @Test
    void boundOnTotalProcessesRejectsWithNamedReason() throws Exception {
        pool = new ProcessPoolBackend(new ProcessPoolConfig(SLEEP, 3, Duration.ofSeconds(2)));
        pool.apply(cmd("a", ScaleAction.SCALE_UP, 2));

        assertThatThrownBy(() -> pool.apply(cmd("b", ScaleAction.SCALE_UP, 2)))
                .isInstanceOf(RejectedCommandException.class)
                .hasMessageContaining("max-processes");
        assertThat(pool.liveWorkers("b")).isZero();
    }

    @Test
    void aHugeTargetNextToOtherEntitiesWorkersIsRejectedNotSpawned() throws Exception {
        pool = new ProcessPoolBackend(new ProcessPoolConfig(SLEEP, 3, Duration.ofSeconds(2)));
        pool.apply(cmd("a", ScaleAction.SCALE_UP, 2));

        for (double huge : new double[] {1e308, Integer.MAX_VALUE, Integer.MAX_VALUE - 1.0}) {
            assertThatThrownBy(() -> pool.apply(cmd("b", ScaleAction.PREWARM, huge)))
                    .isInstanceOf(RejectedCommandException.class)
                    .hasMessageContaining("max-processes");
        }
        assertThat(pool.liveWorkers("b")).isZero();
        assertThat(pool.inForce("a", "replicas")).hasValue(2);
        assertThat(pool.inForce("b", "replicas")).hasValue(0);
    }

    @Test
    void whatRunsAfterARejectedTargetIsTheWorkersStillRunning() throws Exception {
        pool =
                new ProcessPoolBackend(
                        new ProcessPoolConfig(SLEEP, 10, Duration.ofSeconds(2), "cpu", "pct", 50));
        pool.apply(cpu("cap-A", 150));

        assertThatThrownBy(() -> pool.apply(cpu("cap-A", 1e300)))
                .isInstanceOf(RejectedCommandException.class)
                .hasMessage(
                        "max-processes: target 1.0E300 pct for 'cap-A' needs more than 2147483647"
                                + " worker(s), past the bound of 10 processes (0 held by other"
                                + " entities)");
        assertThat(pool.inForce("cap-A", "cpu")).as("3 workers x 50 pct").hasValue(150);
        assertThat(pool.inForce("cap-A", "memory")).as("not a resource of the pool").hasValue(0);
    }

    private ScaleCommand cpu(String entity, double target) {
        return cmd(entity, "cpu", "pct", ScaleAction.SCALE_UP, target);
    }

    @Test
    void workerIgnoringSigtermIsKilledAfterTheGracePeriod() throws Exception {
        pool =
                new ProcessPoolBackend(
                        new ProcessPoolConfig(
                                List.of("sh", "-c", "trap '' TERM; exec sleep 3600"),
                                10,
                                Duration.ofMillis(200)));
        pool.apply(cmd("a", ScaleAction.SCALE_UP, 1));
        long pid = pool.workerPids("a").get(0);

        pool.apply(cmd("a", ScaleAction.SCALE_DOWN, 0));

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(pool.liveWorkers("a")).isZero();
    }

    @Test
    void aCpuTargetRunsCeilOfTargetOverAmountPerWorkerWorkers() throws Exception {
        pool =
                new ProcessPoolBackend(
                        new ProcessPoolConfig(SLEEP, 10, Duration.ofSeconds(2), "cpu", "pct", 25));
        ScaleCommand sixty =
                new ScaleCommand(
                        "c1",
                        "a",
                        "cpu",
                        ScaleAction.SCALE_UP,
                        60,
                        "pct",
                        0,
                        1,
                        "test",
                        0.9,
                        1,
                        0.5,
                        0,
                        T0,
                        T0,
                        T0);

        BackendResponse r = pool.apply(sixty);

        assertThat(pool.liveWorkers("a")).isEqualTo(3);
        assertThat(r.appliedAmount()).as("3 workers x 25 pct").isEqualTo(75);
        assertThatThrownBy(() -> pool.apply(cmd("a", ScaleAction.SCALE_UP, 1)))
                .isInstanceOf(RejectedCommandException.class)
                .hasMessageContaining(
                        "resource 'replicas' is not supported by process-pool (only 'cpu', set by"
                                + " actuator.process-pool.resource)");
    }

    /**
     * A pool left on its default resource rejects every cpu command: said once per resource, with
     * the option that would apply them, not once per command nor only in each result.
     */
    @Test
    void commandsOfAnotherResourceAreSaidOnceNamingTheOption() {
        pool = new ProcessPoolBackend(new ProcessPoolConfig(SLEEP, 10, Duration.ofSeconds(1)));
        try (CapturedLog log = new CapturedLog(ProcessPoolBackend.class)) {
            for (String entity : List.of("a", "b", "a")) {
                assertThatThrownBy(() -> pool.apply(cpu(entity, 50)))
                        .isInstanceOf(RejectedCommandException.class);
            }
            assertThatThrownBy(
                            () -> pool.apply(cmd("a", "memory", "bytes", ScaleAction.SCALE_UP, 1)))
                    .isInstanceOf(RejectedCommandException.class);

            assertThat(log.warnings())
                    .hasSize(2)
                    .first()
                    .asString()
                    .contains("cpu:pct (resource:unit)")
                    .contains(
                            "applies only replicas:replicas, set by actuator.process-pool.resource")
                    .contains("-Dactuator.process-pool.resource=cpu:pct");
        }
    }

    @Test
    void exactMultiplesDoNotRoundUpOnFloatingPointNoise() {
        ProcessPoolConfig c = new ProcessPoolConfig(SLEEP, 10, Duration.ZERO, "cpu", "pct", 0.1);
        assertThat(c.workersFor(0.1 + 0.2)).isEqualTo(3);
        assertThat(c.workersFor(0)).isZero();
        assertThat(c.workersFor(0.31)).isEqualTo(4);
    }

    @Test
    void templatePlaceholdersAreFilledAndSpawnFailureIsTransient() {
        pool =
                new ProcessPoolBackend(
                        new ProcessPoolConfig(
                                List.of("/nonexistent/worker-{entity}", "{index}"),
                                10,
                                Duration.ofSeconds(1)));

        assertThatThrownBy(() -> pool.apply(cmd("a", ScaleAction.SCALE_UP, 1)))
                .isInstanceOf(TransientBackendException.class)
                .hasMessageContaining("/nonexistent/worker-a, 0");
    }

    /**
     * Roomy, so that a loaded build machine does not pass a worker that fails; waited only then.
     */
    private static final Duration ROOMY_START_CHECK = Duration.ofSeconds(5);

    private static ProcessPoolConfig checked(List<String> command, Duration startCheck) {
        return new ProcessPoolConfig(
                command, 10, Duration.ofSeconds(1), "replicas", "replicas", 1, null, startCheck);
    }

    /**
     * A worker that exits as it starts fails the command, retried as a process that could not
     * start, with its exit code and stderr; it was counted applied and replaced on every command.
     */
    @Test
    void aWorkerThatExitsAtOnceFailsTheCommandWithItsExitCodeAndStderr() {
        pool =
                new ProcessPoolBackend(
                        checked(List.of("sh", "-c", "echo boom >&2; exit 3"), ROOMY_START_CHECK));

        assertThatThrownBy(() -> pool.apply(cmd("a", ScaleAction.SCALE_UP, 2)))
                .isInstanceOf(TransientBackendException.class)
                .hasMessageContaining("worker(s) started for 'a' exited within 5000 ms")
                .hasMessageContaining("exit code 3, stderr: boom")
                .hasMessageContaining("[sh, -c, echo boom >&2; exit 3]");
        assertThat(pool.liveWorkers("a")).isZero();
        assertThat(pool.inForce("a", "replicas")).hasValue(0);
    }

    /**
     * Workers that all exit within the start check are all counted, not only those that had exited
     * when the first did: the tester's failing workers were said "1 of 2 ... exited".
     */
    @Test
    void everyWorkerThatExitsWithinTheStartCheckIsCounted() {
        pool =
                new ProcessPoolBackend(
                        checked(List.of("sh", "-c", "sleep {index}.2; exit 3"), ROOMY_START_CHECK));

        assertThatThrownBy(() -> pool.apply(cmd("a", ScaleAction.SCALE_UP, 2)))
                .isInstanceOf(TransientBackendException.class)
                .hasMessageContaining("2 of 2 worker(s) started for 'a' exited within 5000 ms");
        assertThat(pool.liveWorkers("a")).isZero();
    }

    /**
     * A worker command that daemonizes (forks into the background and exits 0) fails every command;
     * the failure says that workers must stay in the foreground and how.
     */
    @Test
    void aWorkerThatPutsItselfInTheBackgroundIsToldToStayInTheForeground() {
        pool =
                new ProcessPoolBackend(
                        checked(
                                List.of("sh", "-c", "sleep 5 >/dev/null 2>&1 & exit 0"),
                                ROOMY_START_CHECK));

        assertThatThrownBy(() -> pool.apply(cmd("a", ScaleAction.SCALE_UP, 1)))
                .isInstanceOf(TransientBackendException.class)
                .hasMessageContaining("exit code 0")
                .hasMessageContaining("workers must stay in the foreground")
                .hasMessageContaining("exec");
    }

    /** A worker that fails is not told about the foreground. */
    @Test
    void aWorkerThatFailsIsNotToldAboutTheForeground() {
        pool = new ProcessPoolBackend(checked(List.of("sh", "-c", "exit 2"), ROOMY_START_CHECK));

        assertThatThrownBy(() -> pool.apply(cmd("a", ScaleAction.SCALE_UP, 1)))
                .hasMessageContaining("exit code 2")
                .hasMessageNotContaining("foreground");
    }

    /** The tester's case: {@code sleep} refuses the entity as a second interval. */
    @Test
    void aCommandTemplateTheWorkerRefusesFailsTheCommand() {
        pool =
                new ProcessPoolBackend(
                        checked(List.of("sleep", "3600", "{entity}"), ROOMY_START_CHECK));

        assertThatThrownBy(() -> pool.apply(cmd("vm-1", ScaleAction.SCALE_UP, 1)))
                .isInstanceOf(TransientBackendException.class)
                .hasMessageContaining("exit code 1, stderr: sleep: ")
                .hasMessageContaining("vm-1");
    }

    /** Workers that keep running pass the check; it waits only for those the command starts. */
    @Test
    void workersThatKeepRunningPassTheStartCheck() throws Exception {
        pool = new ProcessPoolBackend(checked(SLEEP, Duration.ofMillis(300)));

        assertThat(pool.apply(cmd("a", ScaleAction.SCALE_UP, 2)).appliedAmount()).isEqualTo(2);
        long start = System.nanoTime();
        pool.apply(cmd("a", ScaleAction.RENEW, 2));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300));
        assertThat(pool.liveWorkers("a")).isEqualTo(2);
    }

    /** The identity of a process that has exited: an actuator killed before the test goes on. */
    private static WorkerLedger.Identity goneActuator() throws Exception {
        Process p = new ProcessBuilder(SLEEP).start();
        WorkerLedger.Identity id = WorkerLedger.Identity.of(p.toHandle()).orElseThrow();
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        return id;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static ProcessPoolConfig recorded(Path dir) {
        return recorded(SLEEP, dir);
    }

    /** Workers of {@code command}, at most 3, recorded in {@code dir}. */
    private static ProcessPoolConfig recorded(List<String> command, Path dir) {
        return new ProcessPoolConfig(
                command,
                3,
                Duration.ofMillis(500),
                "replicas",
                "replicas",
                1,
                dir.toString(),
                ProcessPoolConfig.START_CHECK);
    }

    /**
     * An actuator killed without closing its pool left 2 workers running; the next pool over the
     * same state directory stops them, and then runs its own within max-processes (3).
     */
    @Test
    void aNewPoolStopsTheWorkersOfAKilledActuator(@TempDir Path dir) throws Exception {
        ProcessPoolBackend killed = new ProcessPoolBackend(recorded(dir), goneActuator());
        List<Long> orphans;
        try {
            killed.apply(cmd("a", ScaleAction.SCALE_UP, 2));
            orphans = killed.workerPids("a");
            assertThat(orphans).allMatch(ProcessPoolBackendTest::alive);

            pool = new ProcessPoolBackend(recorded(dir));

            assertThat(orphans).noneMatch(ProcessPoolBackendTest::alive);
            pool.apply(cmd("a", ScaleAction.RENEW, 2));
            pool.apply(cmd("b", ScaleAction.SCALE_UP, 1));
            assertThat(pool.totalLive()).isEqualTo(3);
        } finally {
            killed.close();
        }
    }

    /**
     * A killed actuator of two sink subtasks left a record per subtask; the next pool stops the
     * workers of both and says so in one warning, not one per record (which read as the same
     * warning twice).
     */
    @Test
    void theOrphansOfAKilledActuatorsSubtasksAreSaidInOneWarning(@TempDir Path dir)
            throws Exception {
        WorkerLedger.Identity gone = goneActuator();
        ProcessPoolBackend first = new ProcessPoolBackend(recorded(dir), gone);
        ProcessPoolBackend second = new ProcessPoolBackend(recorded(dir), gone);
        try (CapturedLog log = new CapturedLog(WorkerLedger.class)) {
            first.apply(cmd("a", ScaleAction.SCALE_UP, 2));
            second.apply(cmd("b", ScaleAction.SCALE_UP, 1));

            pool = new ProcessPoolBackend(recorded(dir));

            assertThat(first.liveWorkers("a") + second.liveWorkers("b")).isZero();
            assertThat(log.warnings())
                    .containsExactly(
                            "process-pool: stopped 3 orphan worker(s) of 3 recorded in "
                                    + dir
                                    + " by an actuator that is gone (pid "
                                    + gone.pid()
                                    + ")");
        } finally {
            first.close();
            second.close();
        }
    }

    /**
     * A recorded pid now used by another process (another start instant) is left alone, and so are
     * the workers of an actuator that still runs (another subtask, this JVM).
     */
    @Test
    void aReusedPidAndALiveActuatorsWorkersAreLeftAlone(@TempDir Path dir) throws Exception {
        Process unrelated = new ProcessBuilder(SLEEP).start();
        ProcessPoolBackend other = new ProcessPoolBackend(recorded(dir));
        try {
            other.apply(cmd("b", ScaleAction.SCALE_UP, 1));
            WorkerLedger.Identity gone = goneActuator();
            Files.write(
                    dir.resolve("crashed.workers"),
                    List.of(
                            gone.line("owner"),
                            "worker " + unrelated.pid() + " 2001-01-01T00:00:00Z"));

            pool = new ProcessPoolBackend(recorded(dir));

            assertThat(unrelated.isAlive()).isTrue();
            assertThat(other.liveWorkers("b")).isEqualTo(1);
            assertThat(dir.resolve("crashed.workers")).doesNotExist();
        } finally {
            other.close();
            unrelated.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /**
     * The thirtieth tester's forged record (a gone owner, an unrelated process's pid and start
     * instant) had the actuator kill that process; a recorded process without the record's marker
     * in its environment is left alone, said. A FIFO among the records hung the actuator, a
     * directory stopped every record being read: both are skipped, named, and the real orphans
     * still stopped.
     */
    @Test
    void aForgedRecordKillsNothingAndAnOddEntryStopsNoCleanUp(@TempDir Path dir) throws Exception {
        Process unrelated = new ProcessBuilder("tail", "-f", "/dev/null").start();
        ProcessPoolBackend killed = new ProcessPoolBackend(recorded(dir), goneActuator());
        try (CapturedLog log = new CapturedLog(WorkerLedger.class)) {
            killed.apply(cmd("a", ScaleAction.SCALE_UP, 1));
            List<Long> orphans = killed.workerPids("a");
            WorkerLedger.Identity gone = goneActuator();
            Files.write(
                    dir.resolve("forged.workers"),
                    List.of(
                            gone.line("owner"),
                            WorkerLedger.Identity.of(unrelated.toHandle())
                                    .orElseThrow()
                                    .line("worker")));
            Files.createDirectory(dir.resolve("b.workers"));
            new ProcessBuilder("mkfifo", dir.resolve("c.workers").toString())
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);

            pool = new ProcessPoolBackend(recorded(dir));

            assertThat(unrelated.isAlive()).as("the forged record's process").isTrue();
            assertThat(orphans).noneMatch(ProcessPoolBackendTest::alive);
            assertThat(log.warnings())
                    .anySatisfy(
                            w ->
                                    assertThat(w)
                                            .contains("forged.workers records processes")
                                            .contains(
                                                    "its backend did not start (no"
                                                            + " PRESCALE_WORKER_OF=forged"))
                    .anySatisfy(w -> assertThat(w).contains("b.workers is not a regular file"))
                    .anySatisfy(w -> assertThat(w).contains("c.workers is not a regular file"));
        } finally {
            killed.close();
            unrelated.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /**
     * The thirty-second tester's workers behind an {@code exec} wrapper: their command line no
     * longer named the worker command, and after a {@code kill -9} they were left running, their
     * record deleted; the marker in their environment survives the exec, so they are stopped.
     */
    @Test
    void theOrphansOfAnExecWrapperAreStopped(@TempDir Path dir) throws Exception {
        ProcessPoolConfig wrapped = recorded(List.of("sh", "-c", "exec sleep 3599"), dir);
        ProcessPoolBackend killed = new ProcessPoolBackend(wrapped, goneActuator());
        try {
            killed.apply(cmd("a", ScaleAction.SCALE_UP, 2));
            List<Long> orphans = killed.workerPids("a");

            pool = new ProcessPoolBackend(wrapped);

            assertThat(orphans).noneMatch(ProcessPoolBackendTest::alive);
        } finally {
            killed.close();
        }
    }

    /**
     * The thirty-third tester's wrapper without {@code exec} ({@code sh} running {@code sleep} as
     * its child): stopping the pool stopped the wrappers and left every child running under PID 1.
     * A worker's descendants are stopped with it.
     */
    @Test
    void aWorkersChildrenAreStoppedWithIt(@TempDir Path dir) throws Exception {
        ProcessPoolConfig wrapper = recorded(List.of("sh", "-c", "sleep 3598; true"), dir);
        pool = new ProcessPoolBackend(wrapper);
        pool.apply(cmd("a", ScaleAction.SCALE_UP, 1));
        ProcessHandle shell = ProcessHandle.of(pool.workerPids("a").get(0)).orElseThrow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (shell.children().findAny().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<ProcessHandle> children = shell.children().toList();
        assertThat(children).as("sh runs sleep as its child").isNotEmpty();

        pool.close();
        pool = null;

        for (ProcessHandle child : children) {
            child.onExit().get(5, TimeUnit.SECONDS);
            assertThat(child.isAlive()).isFalse();
        }
    }

    /** The ledger follows the pool and a closed pool leaves no record behind. */
    @Test
    void theRecordFollowsThePoolAndIsGoneOnClose(@TempDir Path dir) throws Exception {
        pool = new ProcessPoolBackend(recorded(dir));
        pool.apply(cmd("a", ScaleAction.SCALE_UP, 3));
        pool.apply(cmd("a", ScaleAction.SCALE_DOWN, 1));
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.toList();
        }

        assertThat(files).hasSize(1);
        assertThat(Files.readAllLines(files.get(0)))
                .containsExactly(
                        WorkerLedger.Identity.current().line("owner"),
                        WorkerLedger.Identity.of(
                                        ProcessHandle.of(pool.workerPids("a").get(0)).orElseThrow())
                                .orElseThrow()
                                .line("worker"));

        pool.close();

        try (var list = Files.list(dir)) {
            assertThat(list).isEmpty();
        }
    }
}
