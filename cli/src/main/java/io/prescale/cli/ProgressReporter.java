package io.prescale.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.metrics.reporter.Scheduled;

/**
 * The progress of a job run from the command line: every interval, one line on stderr with the
 * named counters of the job, each summed over its subtasks, when one of them moved since the last
 * line. A Flink metric reporter, so it reads the counters the job keeps anyway and adds nothing to
 * its hot paths.
 */
public final class ProgressReporter implements MetricReporter, Scheduled {
    private static final String NAME = "prescale-progress";

    private final String prefix;
    private final List<String> names;
    private final PrintStream out;
    private final Map<String, List<Counter>> counters = new ConcurrentHashMap<>();
    private String last;

    ProgressReporter(String prefix, List<String> names, PrintStream out) {
        this.prefix = prefix;
        this.names = List.copyOf(names);
        this.out = out;
        this.last = line();
    }

    /**
     * Sets {@code conf} up so that a cluster started with it prints the counters {@code names}
     * every {@code intervalSeconds} after {@code prefix}.
     */
    static void configure(
            Configuration conf, String prefix, List<String> names, int intervalSeconds) {
        String key = "metrics.reporter." + NAME + ".";
        conf.setString(key + "factory.class", Factory.class.getName());
        conf.setString(key + "interval", intervalSeconds + " s");
        conf.setString(key + "prefix", prefix);
        conf.setString(key + "counters", String.join(",", names));
    }

    /**
     * Creates the reporter from the properties {@link #configure} set; Flink finds it through
     * {@code META-INF/services}, not by its class name alone.
     */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties p) {
            return new ProgressReporter(
                    p.getProperty("prefix", ""),
                    List.of(p.getProperty("counters", "").split(",")),
                    System.err);
        }
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {
        report();
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (metric instanceof Counter c && names.contains(name)) {
            counters.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(c);
        }
    }

    /** A finished task's counts stay in the sums: its counter is kept. */
    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}

    @Override
    public synchronized void report() {
        String line = line();
        if (!line.equals(last)) {
            out.println(prefix + line);
            last = line;
        }
    }

    /** The counters' sums, in the order they were named. */
    String line() {
        List<String> parts = new ArrayList<>();
        for (String name : names) {
            long sum = 0;
            for (Counter c : counters.getOrDefault(name, List.of())) {
                sum += c.getCount();
            }
            parts.add(String.format("%s %,d", name, sum));
        }
        return String.join(", ", parts);
    }
}
