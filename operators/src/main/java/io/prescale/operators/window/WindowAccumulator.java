package io.prescale.operators.window;

/**
 * The running state of one window of one series: count, sum and max, plus the values for the p95. A
 * mutable POJO because Flink's window state updates it in place for every sample; it holds at most
 * {@link #CAPACITY} values, after which every other value is dropped and only every {@code
 * stride}-th later value kept, so a very dense window costs bounded memory and its p95 is taken
 * over a systematic subsample (count, mean and max stay exact).
 */
public class WindowAccumulator {
    static final int CAPACITY = 4096;

    public long count;
    public double sum;
    public double max = Double.NEGATIVE_INFINITY;

    /** Starts small: it lives in keyed state for every open window, and grows by doubling. */
    public double[] values = new double[2];

    public int size;
    public int stride = 1;

    public WindowAccumulator() {}

    void add(double value) {
        count++;
        sum += value;
        max = Math.max(max, value);
        if ((count - 1) % stride != 0) {
            return;
        }
        if (size == values.length) {
            if (size < CAPACITY) {
                values = java.util.Arrays.copyOf(values, size * 2);
            } else {
                halve();
            }
        }
        values[size++] = value;
    }

    private void halve() {
        for (int i = 0; i < size / 2; i++) {
            values[i] = values[2 * i];
        }
        size /= 2;
        stride *= 2;
    }

    void merge(WindowAccumulator other) {
        count += other.count;
        sum += other.sum;
        max = Math.max(max, other.max);
        for (int i = 0; i < other.size; i++) {
            if (size == values.length) {
                if (size >= CAPACITY) {
                    halve();
                } else {
                    values = java.util.Arrays.copyOf(values, size * 2);
                }
            }
            values[size++] = other.values[i];
        }
    }
}
