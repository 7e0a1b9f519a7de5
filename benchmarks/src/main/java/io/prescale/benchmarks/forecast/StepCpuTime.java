package io.prescale.benchmarks.forecast;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.DoubleSupplier;

/**
 * The JMH benchmarks' steps timed as thread CPU time in this JVM, less exposed than JMH's wall time
 * to the other load of a shared machine: the steps run interleaved in rounds (two warm-up rounds,
 * then five), and each one's median ns per step over the five is reported.
 */
final class StepCpuTime {
    private static final int WARM_UP_ROUNDS = 2;
    private static final int ROUNDS = 5;

    private StepCpuTime() {}

    /**
     * Median thread CPU ns per call of each step, {@code calls[i]} calls of {@code steps[i]} per
     * round.
     */
    static double[] measure(DoubleSupplier[] steps, int[] calls) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double sink = 0;
        double[][] rounds = new double[steps.length][ROUNDS];
        for (int round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
            for (int i = 0; i < steps.length; i++) {
                long before = mx.getCurrentThreadCpuTime();
                for (int c = 0; c < calls[i]; c++) {
                    sink += steps[i].getAsDouble();
                }
                long after = mx.getCurrentThreadCpuTime();
                if (round >= 0) {
                    rounds[i][round] = (after - before) / (double) calls[i];
                }
            }
        }
        if (sink == 42) {
            System.out.println();
        }
        double[] out = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
            Arrays.sort(rounds[i]);
            out[i] = rounds[i][ROUNDS / 2];
        }
        return out;
    }
}
