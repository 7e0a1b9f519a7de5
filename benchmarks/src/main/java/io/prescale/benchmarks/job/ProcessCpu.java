package io.prescale.benchmarks.job;

import java.lang.management.ManagementFactory;

/**
 * The CPU time of the whole JVM (every thread, JIT and GC included), and when a run's source handed
 * out its first point.
 */
final class ProcessCpu {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static volatile long[] started;

    private ProcessCpu() {}

    /** Notes the clock and the CPU time now, as the source hands out point 0. */
    static void markStart() {
        started = new long[] {System.nanoTime(), nanos()};
    }

    /** Forgets when point 0 was handed out, before a run. */
    static void resetStart() {
        started = null;
    }

    /**
     * {@code System.nanoTime()} and the process's CPU nanoseconds when this run's point 0 was
     * handed out, or null if it was not yet.
     */
    static long[] started() {
        return started;
    }

    static long nanos() {
        return OS.getProcessCpuTime();
    }
}
