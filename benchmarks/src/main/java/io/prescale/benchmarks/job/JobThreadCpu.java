package io.prescale.benchmarks.job;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where {@link JobThroughput}'s jobs spend their CPU, per task thread (a task is a chain of
 * operators): the thread CPU time of every thread, polled every 20 ms while the job runs (Flink's
 * task threads end with the job), summed by thread name and divided by the trace's points. Threads
 * the JVM does not list (GC, JIT) are not counted.
 *
 * <p>Usage: {@code JobThreadCpu TRACE full|pass [ROUNDS [SAMPLES_PER_STEP]]}; prints per round the
 * wall time, the points/s and the CPU per point of the busiest threads. Round 1 includes the JIT's
 * warm-up.
 */
public final class JobThreadCpu {
    private static final int SHOWN = 12;

    private JobThreadCpu() {}

    public static void main(String[] args) throws Exception {
        Path trace = Path.of(args[0]);
        boolean full =
                switch (args[1]) {
                    case "full" -> true;
                    case "pass" -> false;
                    default ->
                            throw new IllegalArgumentException(
                                    "second argument must be full or pass, was " + args[1]);
                };
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int perStep = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        long points = TracePoints.count(trace, perStep);
        Map<Long, Long> cpu = new ConcurrentHashMap<>();
        Map<Long, String> names = new ConcurrentHashMap<>();
        Thread poller = new Thread(() -> poll(cpu, names), "thread-cpu-poller");
        poller.setDaemon(true);
        poller.start();
        for (int r = 1; r <= rounds; r++) {
            Map<Long, Long> before = new HashMap<>(cpu);
            long t0 = System.nanoTime();
            if (full) {
                JobThroughput.fullJob(new TracePoints(trace, perStep), points, new String[0]);
            } else {
                JobThroughput.passThrough(new TracePoints(trace, perStep), points);
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(100);
            report(r, wall, points, byName(before, cpu, names));
        }
    }

    private static void poll(Map<Long, Long> cpu, Map<Long, String> names) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        while (true) {
            for (long id : mx.getAllThreadIds()) {
                long c = mx.getThreadCpuTime(id);
                if (c > 0) {
                    cpu.merge(id, c, Math::max);
                    if (!names.containsKey(id)) {
                        var info = mx.getThreadInfo(id);
                        if (info != null) {
                            names.put(id, info.getThreadName());
                        }
                    }
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** CPU ns of the round by thread name, subtask and attempt suffixes dropped. */
    private static Map<String, Long> byName(
            Map<Long, Long> before, Map<Long, Long> after, Map<Long, String> names) {
        Map<String, Long> by = new HashMap<>();
        after.forEach(
                (id, c) -> {
                    long d = c - before.getOrDefault(id, 0L);
                    if (d > 0) {
                        String n =
                                names.getOrDefault(id, "?")
                                        .replaceAll(" \\(\\d+/\\d+\\)#\\d+", "")
                                        .replaceAll("-\\d+$", "");
                        by.merge(n, d, Long::sum);
                    }
                });
        return by;
    }

    private static void report(int round, double wall, long points, Map<String, Long> by) {
        long total = by.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(
                "round %d: wall %.1f s, %.0f points/s, thread CPU %.0f ns/point%n",
                round, wall, points / wall, total * 1.0 / points);
        by.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .limit(SHOWN)
                .forEach(
                        e -> {
                            String n = e.getKey();
                            System.out.printf(
                                    "  %6.0f ns/point  %s%n",
                                    e.getValue() * 1.0 / points,
                                    n.length() > 90 ? n.substring(0, 90) + "…" : n);
                        });
    }
}
