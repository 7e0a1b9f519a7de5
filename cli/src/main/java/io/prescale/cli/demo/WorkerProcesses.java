package io.prescale.cli.demo;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The worker processes the process-pool backend runs in this JVM, found by a marker argument in
 * their command line: {@link #COMMAND} starts {@code sh} with {@code $0 = prescale-worker}, {@code
 * $1 = entity}, {@code $2 = index}. A worker polls its parent every second and exits when the JVM
 * is gone, so even a JVM killed with SIGKILL leaves no worker behind for more than a second.
 */
public final class WorkerProcesses {
    /** The marker ({@code $0}) of every worker. */
    public static final String MARKER = "prescale-worker";

    /** The worker command line for {@code actuator.process-pool.command}. */
    public static final String COMMAND =
            "sh -c 'while kill -0 $PPID 2>/dev/null; do sleep 1; done' "
                    + MARKER
                    + " {entity} {index}";

    private WorkerProcesses() {}

    /** Live workers of this JVM, by entity. */
    public static Map<String, Integer> liveByEntity() {
        Map<String, Integer> out = new TreeMap<>();
        for (ProcessHandle p : workers()) {
            String[] args = p.info().arguments().orElse(new String[0]);
            for (int i = 0; i + 1 < args.length; i++) {
                if (MARKER.equals(args[i])) {
                    out.merge(args[i + 1], 1, Integer::sum);
                    break;
                }
            }
        }
        return out;
    }

    /** Live workers of this JVM. */
    public static int live() {
        return workers().size();
    }

    /**
     * Kills every worker still alive (SIGTERM, then SIGKILL after 2 s); returns how many there
     * were. For the end of the demo and its shutdown hook.
     */
    public static int killAll() {
        List<ProcessHandle> left = workers();
        left.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : left) {
            try {
                p.onExit().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        return left.size();
    }

    private static List<ProcessHandle> workers() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> List.of(p.info().arguments().orElse(new String[0])).contains(MARKER))
                .toList();
    }
}
