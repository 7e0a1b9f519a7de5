package io.prescale.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.metrics.reporter.Scheduled;
import org.apache.flink.runtime.metrics.scope.ScopeFormat;

/**
 * The progress of a job run from the command line: every interval, one line on stderr with the
 * named counters of the job, each summed over its subtasks, when one of them moved since the last
 * line. A Flink metric reporter, so it reads the counters the job keeps anyway and adds nothing to
 * its hot paths.
 *
 * <p>A subtask counts with its latest attempt only: after a restart its new attempt counts again
 * from the restored checkpoint, and adding the failed attempts' counts would count the replayed
 * records twice. Once the job restarted, the line ends with the number of restarts (the job's
 * {@value #RESTARTS} gauge), so the counts are read as since the last one.
 *
 * <p>A line also says how the job's checkpoints go (its JobManager's gauges): how many completed
 * and how long the last took, and whether one is in progress and for how long (from the first line
 * that saw it, to the reporting interval). The commands are committed with each checkpoint, so a
 * checkpoint that takes minutes (a job working through a backlog, or held back by InfluxDB) is why
 * none come out meanwhile. Failed checkpoints are not counted on it: Flink counts as failed the
 * checkpoints declined while the tasks start and while a bounded job finishes, normal in every run.
 * A line is still printed only when a counter moved, when the checkpoint the last line said was in
 * progress is no more (once), or every {@link #STUCK_MILLIS} while it still is.
 *
 * <p>When no counter has moved for {@link #QUIET_MILLIS}, a job that gives a quiet note says it
 * once, until a counter moves again: the scaling job's timers run on its samples' event time, and a
 * tester whose only agents stopped saw a job that said nothing and released nothing, idle or
 * stalled for all they could tell.
 */
public final class ProgressReporter implements MetricReporter, Scheduled {
    private static final String NAME = "prescale-progress";
    static final String RESTARTS = "numRestarts";
    private static final String ATTEMPT = ScopeFormat.SCOPE_TASK_ATTEMPT_NUM;

    /** The prefixes of runs whose job never ran (a refused restore): no last line to say. */
    private static final Set<String> NEVER_RAN = ConcurrentHashMap.newKeySet();

    /**
     * The counters' final sums of each run's prefix, left by {@link #close} for {@link
     * #finalCounts}.
     */
    private static final Map<String, String> FINAL_COUNTS = new ConcurrentHashMap<>();

    private final String prefix;
    private final List<String> names;
    private final PrintStream out;

    /** Per counter name, per subtask (its scope without the attempt), the latest attempt's. */
    private final Map<String, Map<Object, Attempt>> counters = new ConcurrentHashMap<>();

    private volatile Gauge<?> restarts;

    /** The JobManager's checkpoint gauges by name, once registered. */
    private final Map<String, Gauge<?>> checkpoints = new ConcurrentHashMap<>();

    static final String COMPLETED = "numberOfCompletedCheckpoints";
    static final String IN_PROGRESS = "numberOfInProgressCheckpoints";
    static final String LAST_DURATION = "lastCheckpointDuration";
    private static final Set<String> CHECKPOINT_GAUGES =
            Set.of(COMPLETED, IN_PROGRESS, LAST_DURATION);

    private static final String IN_PROGRESS_SAID = ", one in progress";

    /** Whether the last line printed said a checkpoint was in progress, and when it was printed. */
    private boolean saidInProgress;

    private long saidAt;

    /** How often a checkpoint still in progress is said while no counter moves. */
    static final long STUCK_MILLIS = 30_000;

    /** Milliseconds of the wall clock, to time a checkpoint in progress. */
    private final LongSupplier clock;

    /** When a line first saw the checkpoint in progress now, -1 when none; its completed count. */
    private long inProgressSince = -1;

    private long completedThen;
    private String last;
    private boolean printed;

    /** How long no counter moves before the quiet note is said. */
    static final long QUIET_MILLIS = 120_000;

    /** What a quiet spell means for the job, null when it says nothing of one. */
    private final String quiet;

    /**
     * When a counter last moved (or the reporter opened); whether the quiet note was said since.
     */
    private long movedAt;

    private boolean saidQuiet;

    ProgressReporter(String prefix, List<String> names, PrintStream out) {
        this(prefix, names, out, System::currentTimeMillis, null);
    }

    ProgressReporter(
            String prefix, List<String> names, PrintStream out, LongSupplier clock, String quiet) {
        this.clock = clock;
        this.prefix = prefix;
        this.names = List.copyOf(names);
        this.out = out;
        this.quiet = quiet;
        this.last = line();
        this.movedAt = clock.getAsLong();
    }

    /**
     * Sets {@code conf} up so that a cluster started with it prints the counters {@code names}
     * every {@code intervalSeconds} after {@code prefix}, and {@code quiet} (when not null) once no
     * counter has moved for {@link #QUIET_MILLIS}.
     */
    static void configure(
            Configuration conf,
            String prefix,
            List<String> names,
            int intervalSeconds,
            String quiet) {
        String key = "metrics.reporter." + NAME + ".";
        conf.setString(key + "factory.class", Factory.class.getName());
        conf.setString(key + "interval", intervalSeconds + " s");
        conf.setString(key + "prefix", prefix);
        conf.setString(key + "counters", String.join(",", names));
        if (quiet != null) {
            conf.setString(key + "quiet", quiet);
        }
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
                    System.err,
                    System::currentTimeMillis,
                    p.getProperty("quiet"));
        }
    }

    @Override
    public void open(MetricConfig config) {}

    /**
     * The job of the run printing after {@code prefix} never ran: the reporter says no last line
     * when the cluster closes, which would come before the reason and read as a run that restarted.
     */
    static void neverRan(String prefix) {
        NEVER_RAN.add(prefix);
    }

    /**
     * The last line, said even when no counter ever moved: a run that read nothing says so; none
     * for a job that {@link #neverRan}.
     */
    @Override
    public synchronized void close() {
        if (NEVER_RAN.remove(prefix)) {
            return;
        }
        FINAL_COUNTS.put(prefix, line());
        if (!printed) {
            out.println(prefix + line());
            printed = true;
        } else {
            report();
        }
    }

    /**
     * The counters' final sums of the run printing after {@code prefix}, once its cluster closed
     * the reporter; taken, so a later run with the same prefix does not see them.
     */
    static Optional<String> finalCounts(String prefix) {
        return Optional.ofNullable(FINAL_COUNTS.remove(prefix));
    }

    private record Attempt(int number, Counter counter) {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (metric instanceof Counter c && names.contains(name)) {
            Attempt attempt = new Attempt(attemptNumber(group), c);
            counters.computeIfAbsent(name, n -> new ConcurrentHashMap<>())
                    .merge(
                            subtask(group, c),
                            attempt,
                            (old, now) -> now.number() >= old.number() ? now : old);
        } else if (metric instanceof Gauge<?> g && name.equals(RESTARTS)) {
            restarts = g;
        } else if (metric instanceof Gauge<?> g && CHECKPOINT_GAUGES.contains(name)) {
            checkpoints.put(name, g);
        }
    }

    private static int attemptNumber(MetricGroup group) {
        String n = group == null ? null : group.getAllVariables().get(ATTEMPT);
        return n == null ? 0 : Integer.parseInt(n);
    }

    /** The subtask (or operator of a subtask) a counter belongs to, whichever its attempt. */
    private static Object subtask(MetricGroup group, Counter c) {
        if (group == null || !group.getAllVariables().containsKey(ATTEMPT)) {
            return c; // no task scope: a counter of its own
        }
        Map<String, String> scope = new HashMap<>(group.getAllVariables());
        scope.remove(ATTEMPT);
        scope.remove(ScopeFormat.SCOPE_TASK_ATTEMPT_ID);
        return scope;
    }

    /** A finished task's counts stay in the sums: its counter is kept. */
    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}

    @Override
    public synchronized void report() {
        String line = line();
        long now = clock.getAsLong();
        if (!line.equals(last)) {
            String state = checkpointState();
            out.println(prefix + line + state);
            last = line;
            printed = true;
            movedAt = now;
            saidQuiet = false;
            saidInProgress = state.contains(IN_PROGRESS_SAID);
            saidAt = now;
        } else if (saidInProgress && gauge(IN_PROGRESS) == 0) {
            // the last line's checkpoint in progress completed: said once, as the last line stayed
            // "one in progress" for good while the counters held (the hundred-and-ninth tester)
            out.println(prefix + line + checkpointState());
            saidInProgress = false;
        } else if (saidInProgress && now - saidAt >= STUCK_MILLIS) {
            // a checkpoint held up while nothing moves is what the line is for: said again, with
            // how long (a tester's 85 s InfluxDB pause went silent at "for 40 s")
            out.println(prefix + line + checkpointState());
            saidAt = now;
        } else if (quiet != null && !saidQuiet && now - movedAt >= QUIET_MILLIS) {
            out.println(
                    prefix + "no counter moved for " + (now - movedAt) / 60_000 + " min: " + quiet);
            saidQuiet = true;
        }
    }

    /**
     * {@code "; checkpoints 4 (the last took 2.1 s), one in progress for 85 s"}, its parts as they
     * apply; "" before the JobManager registered its gauges.
     */
    String checkpointState() {
        long completed = gauge(COMPLETED);
        if (completed < 0) {
            return "";
        }
        StringBuilder b = new StringBuilder(String.format("; checkpoints %,d", completed));
        long lastMillis = gauge(LAST_DURATION);
        if (completed > 0 && lastMillis >= 0) {
            b.append(String.format(" (the last took %.1f s)", lastMillis / 1000.0));
        }
        long now = clock.getAsLong();
        if (gauge(IN_PROGRESS) <= 0) {
            inProgressSince = -1;
        } else {
            if (inProgressSince < 0 || completed != completedThen) {
                inProgressSince = now; // a checkpoint completed since: this one is another
                completedThen = completed;
            }
            b.append(IN_PROGRESS_SAID);
            long seconds = (now - inProgressSince) / 1000;
            if (seconds > 0) {
                b.append(String.format(" for %,d s", seconds));
            }
        }
        return b.toString();
    }

    /** The gauge's value as a whole number, -1 when it is not there (yet) or not a number. */
    private long gauge(String name) {
        Gauge<?> g = checkpoints.get(name);
        return g != null && g.getValue() instanceof Number n ? n.longValue() : -1;
    }

    /** The counters' sums, in the order they were named. */
    String line() {
        List<String> parts = new ArrayList<>();
        for (String name : names) {
            long sum = 0;
            for (Attempt a : counters.getOrDefault(name, Map.of()).values()) {
                sum += a.counter().getCount();
            }
            parts.add(String.format("%s %,d", name, sum));
        }
        Gauge<?> g = restarts;
        if (g != null && g.getValue() instanceof Number n && n.longValue() > 0) {
            parts.add(String.format("restarts %,d (counts since the last)", n.longValue()));
        }
        return String.join(", ", parts);
    }
}
