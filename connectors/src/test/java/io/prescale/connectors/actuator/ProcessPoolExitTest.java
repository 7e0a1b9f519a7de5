package io.prescale.connectors.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Workers do not outlive a JVM that exits without closing its backend (Ctrl-C of a job). */
class ProcessPoolExitTest {

    /** The child JVM: spawns two workers, prints their pids, exits without close. */
    public static void main(String[] args) throws Exception {
        ProcessPoolBackend pool =
                new ProcessPoolBackend(
                        new ProcessPoolConfig(List.of("sleep", "3600"), 4, Duration.ofSeconds(2)));
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        pool.apply(
                new ScaleCommand(
                        "c1",
                        "a",
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
                        t));
        for (long pid : pool.workerPids("a")) {
            System.out.println(pid);
        }
        System.out.flush();
        System.exit(0);
    }

    @Test
    void workersAreKilledWhenTheJvmExitsWithoutClosingThePool() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child =
                new ProcessBuilder(
                                java.toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                ProcessPoolExitTest.class.getName())
                        .redirectErrorStream(true)
                        .start();
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
