package io.prescale.benchmarks.job;

import java.lang.management.ManagementFactory;

/** The CPU time of the whole JVM (every thread, JIT and GC included). */
final class ProcessCpu {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ProcessCpu() {}

    static long nanos() {
        return OS.getProcessCpuTime();
    }
}
