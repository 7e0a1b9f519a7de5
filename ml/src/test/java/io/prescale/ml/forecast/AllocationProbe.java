package io.prescale.ml.forecast;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.IntConsumer;

/** Bytes the calling thread allocates over the second half of a loop (the first half warms up). */
final class AllocationProbe {
    private AllocationProbe() {}

    /**
     * Runs {@code step} for 0..steps − 1 and returns what the second half allocated. An allocation
     * in the step costs at least 16 bytes each time; a one-off of the runtime's own on this thread
     * (once seen: 200 bytes, while code was being compiled) stays below one byte a step, so "
     * allocates nothing" is {@code result < steps − steps / 2}.
     */
    static long secondHalf(int steps, IntConsumer step) {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        mx.getThreadAllocatedBytes(thread); // its own first call may allocate
        long before = 0;
        for (int t = 0; t < steps; t++) {
            if (t == steps / 2) {
                before = mx.getThreadAllocatedBytes(thread);
            }
            step.accept(t);
        }
        return mx.getThreadAllocatedBytes(thread) - before;
    }
}
