package io.prescale.connectors.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers do not outlive a JVM that exits without closing its backend (Ctrl-C of a job), and those
 * of a JVM killed with SIGKILL are stopped by the next backend over the same state directory.
 */
class ProcessPoolExitTest {

    /**
     * The child JVM: spawns two workers, prints their pids, exits without close; given a state
     * directory, records them there and waits to be killed instead, or with a second argument
     * {@code exit}, exits without close too.
     */
    public static void main(String[] args) throws Exception {
        ProcessPoolBackend pool = new ProcessPoolBackend(config(args.length > 0 ? args[0] : null));
        pool.apply(command("a"));
        for (long pid : pool.workerPids("a")) {
            System.out.println(pid);
        }
        System.out.flush();
        if (args.length == 1) {
            Thread.sleep(60_000);
        }
        if (args.length > 1 && args[1].equals("restart")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> restartedTask(args[0])));
        }
        System.exit(0);
    }

    /**
     * What a Flink task restarted while the JVM exits does (its services going away under it): a
     * new backend over the same state directory, applying a command again, after the pool's own
     * exit hook has run; its workers end by themselves soon.
     */
    private static void restartedTask(String stateDir) {
        try {
            Thread.sleep(500);
            ProcessPoolBackend late =
                    new ProcessPoolBackend(
                            new ProcessPoolConfig(
                                    List.of("sleep", "20"),
                                    4,
                                    Duration.ofSeconds(2),
                                    "replicas",
                                    "replicas",
                                    1,
                                    stateDir,
                                    ProcessPoolConfig.START_CHECK));
            late.apply(command("b"));
        } catch (Exception e) {
            // refused: nothing starts while the JVM exits
        }
    }

    /** Two workers for {@code entity}. */
    private static ScaleCommand command(String entity) {
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        return new ScaleCommand(
                "c1",
                entity,
                "replicas",
                ScaleAction.SCALE_UP,
                2,
                "replicas",
                0,
                1,
                "test",
                0.9,
                1,
                0.5,
                0,
                t,
                t,
                t);
    }

    private static ProcessPoolConfig config(String stateDir) {
        return new ProcessPoolConfig(
                List.of("sleep", "3600"),
                4,
                Duration.ofSeconds(2),
                "replicas",
                "replicas",
                1,
                stateDir,
                ProcessPoolConfig.START_CHECK);
    }

    private static Process child(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ProcessPoolExitTest.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    @Test
    void theWorkersOfAKilledJvmAreStoppedByTheNextPool(@TempDir Path dir) throws Exception {
        Process child = child(dir.toString());
        List<Long> pids = new ArrayList<>();
        try {
            BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            while (pids.size() < 2) {
                String line = out.readLine();
                assertThat(line).as("the child's output ended before its 2 pids").isNotNull();
                if (line.matches("\\d+")) {
                    pids.add(Long.parseLong(line));
                }
            }
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(pids)
                    .as("SIGKILL runs no shutdown hook: the workers outlive the JVM")
                    .allMatch(
                            pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

            new ProcessPoolBackend(config(dir.toString())).close();

            assertThat(pids)
                    .noneMatch(
                            pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        } finally {
            child.destroyForcibly();
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    /** The workers are killed at exit, so their record is stale: it goes with them. */
    @Test
    void theRecordOfAJvmThatExitsWithoutClosingThePoolIsDeleted(@TempDir Path dir)
            throws Exception {
        theRecordIsDeletedAtExit(dir, "exit");
    }

    /**
     * A backend created as the JVM exits (Ctrl-C of {@code prescale actuate}, whose Flink task was
     * restarted meanwhile) starts no worker and writes no record: its record was left behind.
     */
    @Test
    void aPoolCreatedWhileTheJvmExitsLeavesNoRecord(@TempDir Path dir) throws Exception {
        theRecordIsDeletedAtExit(dir, "restart");
    }

    private static void theRecordIsDeletedAtExit(Path dir, String how) throws Exception {
        Process child = child(dir.toString(), how);
        List<Long> pids;
        try (BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            pids = out.lines().filter(l -> l.matches("\\d+")).map(Long::parseLong).toList();
        }
        try {
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(pids).hasSize(2);
            try (var files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .noneMatch(name -> name.endsWith(".workers"));
            }
        } finally {
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void workersAreKilledWhenTheJvmExitsWithoutClosingThePool() throws Exception {
        Process child = child();
        List<Long> pids;
        try (BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            pids = out.lines().filter(l -> l.matches("\\d+")).map(Long::parseLong).toList();
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(pids).hasSize(2);
        try {
            for (long pid : pids) {
                var worker = ProcessHandle.of(pid);
                if (worker.isPresent()) {
                    worker.get().onExit().get(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }
}
