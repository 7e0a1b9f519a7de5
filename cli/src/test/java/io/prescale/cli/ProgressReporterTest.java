package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ProgressReporter reporter =
            new ProgressReporter(
                    "prescale run: ",
                    List.of("pointsAccepted", "recordsDeadLettered"),
                    new PrintStream(bytes, true, StandardCharsets.UTF_8));

    /** A reporter of pointsAccepted on {@link #bytes} with the clock {@code now}. */
    private ProgressReporter pointsReporter(AtomicLong now, String quiet) {
        return new ProgressReporter(
                "prescale run: ",
                List.of("pointsAccepted"),
                new PrintStream(bytes, true, StandardCharsets.UTF_8),
                now::get,
                quiet);
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sumsEachCounterOverItsSubtasksAndPrintsOnlyWhenOneMoved() {
        SimpleCounter first = new SimpleCounter();
        SimpleCounter second = new SimpleCounter();
        SimpleCounter other = new SimpleCounter();
        reporter.notifyOfAddedMetric(first, "pointsAccepted", null);
        reporter.notifyOfAddedMetric(second, "pointsAccepted", null);
        reporter.notifyOfAddedMetric(other, "windowsIgnored", null);
        reporter.report();
        assertThat(printed()).isEmpty();

        first.inc(1200);
        second.inc(34);
        other.inc(5);
        reporter.report();
        reporter.report();
        assertThat(printed())
                .isEqualTo(
                        String.format(
                                "prescale run: pointsAccepted %,d, recordsDeadLettered 0%n", 1234));
    }

    @Test
    void aRunWhoseCountersNeverMovedSaysSoAtTheEnd() {
        reporter.notifyOfAddedMetric(new SimpleCounter(), "pointsAccepted", null);
        reporter.report();
        assertThat(printed()).isEmpty();

        reporter.close();

        assertThat(printed()).contains("pointsAccepted 0");
    }

    @Test
    void aFinishedTasksCountsStay() {
        SimpleCounter c = new SimpleCounter();
        reporter.notifyOfAddedMetric(c, "recordsDeadLettered", null);
        c.inc(3);
        reporter.notifyOfRemovedMetric(c, "recordsDeadLettered", null);
        reporter.close();
        assertThat(printed()).endsWith(String.format("recordsDeadLettered 3%n"));
    }

    /** A subtask's metric group in attempt {@code attempt}. */
    private static MetricGroup subtask(int index, int attempt) {
        return new UnregisteredMetricsGroup() {
            @Override
            public Map<String, String> getAllVariables() {
                return Map.of(
                        "<task_id>",
                        "forecast",
                        "<subtask_index>",
                        String.valueOf(index),
                        "<task_attempt_num>",
                        String.valueOf(attempt),
                        "<task_attempt_id>",
                        "attempt-" + attempt);
            }
        };
    }

    @Test
    void aRestartedSubtaskCountsWithItsLatestAttemptOnlyAndTheLineSaysItRestarted() {
        SimpleCounter failed = new SimpleCounter();
        SimpleCounter other = new SimpleCounter();
        SimpleCounter retried = new SimpleCounter();
        AtomicLong restarts = new AtomicLong();
        reporter.notifyOfAddedMetric((Gauge<Long>) restarts::get, "numRestarts", null);
        reporter.notifyOfAddedMetric(failed, "pointsAccepted", subtask(0, 0));
        reporter.notifyOfAddedMetric(other, "pointsAccepted", subtask(1, 0));
        failed.inc(500);
        other.inc(7);
        assertThat(reporter.line()).startsWith("pointsAccepted 507,");

        restarts.set(1);
        reporter.notifyOfAddedMetric(retried, "pointsAccepted", subtask(0, 1));
        retried.inc(20);
        reporter.notifyOfRemovedMetric(failed, "pointsAccepted", subtask(0, 0));
        assertThat(reporter.line())
                .isEqualTo(
                        "pointsAccepted 27, recordsDeadLettered 0, restarts 1 (counts since the"
                                + " last)");
    }

    /**
     * The checkpoints' state ends each printed line (the sixteenth tester: commands waited minutes
     * for slow checkpoints, unsaid), with how long one has been in progress (the eighteenth: a
     * stuck one looked like one just begun); it alone does not print a line. Failed checkpoints are
     * left out (Flink counts the declines at every start and at a bounded run's end).
     */
    @Test
    void aLineSaysHowTheCheckpointsGo() {
        AtomicLong now = new AtomicLong(1_000_000);
        ProgressReporter timed = pointsReporter(now, null);
        SimpleCounter points = new SimpleCounter();
        AtomicLong completed = new AtomicLong();
        AtomicLong inProgress = new AtomicLong(1);
        AtomicLong lastMillis = new AtomicLong(-1);
        timed.notifyOfAddedMetric(points, "pointsAccepted", null);
        timed.notifyOfAddedMetric(
                (Gauge<Long>) completed::get, "numberOfCompletedCheckpoints", null);
        timed.notifyOfAddedMetric(
                (Gauge<Long>) inProgress::get, "numberOfInProgressCheckpoints", null);
        timed.notifyOfAddedMetric((Gauge<Long>) lastMillis::get, "lastCheckpointDuration", null);
        timed.notifyOfAddedMetric((Gauge<Long>) () -> 7L, "numberOfFailedCheckpoints", null);
        points.inc(10);
        timed.report();
        assertThat(printed())
                .endsWith(
                        "pointsAccepted 10; checkpoints 0, one in progress"
                                + System.lineSeparator());

        now.addAndGet(85_000);
        points.inc();
        timed.report();
        assertThat(printed())
                .endsWith("; checkpoints 0, one in progress for 85 s" + System.lineSeparator());

        completed.set(1);
        lastMillis.set(152_340);
        now.addAndGet(10_000);
        timed.report();
        assertThat(printed()).as("no counter moved").doesNotContain("checkpoints 1");
        points.inc();
        timed.report();
        assertThat(printed())
                .as("the one in progress now is the next")
                .endsWith(
                        "; checkpoints 1 (the last took 152.3 s), one in progress"
                                + System.lineSeparator())
                .doesNotContain("failed");
        inProgress.set(0);
        points.inc();
        timed.report();
        assertThat(printed())
                .endsWith("; checkpoints 1 (the last took 152.3 s)" + System.lineSeparator());

        // the checkpoint the last line said was in progress completes while no counter moves:
        // said once (the last line said "one in progress" for good)
        inProgress.set(1);
        points.inc();
        timed.report();
        // held up while nothing moves: said again every 30 s, with how long
        now.addAndGet(30_000);
        timed.report();
        assertThat(printed())
                .endsWith(
                        "pointsAccepted 14; checkpoints 1 (the last took 152.3 s), one in progress"
                                + " for 30 s"
                                + System.lineSeparator());
        inProgress.set(0);
        completed.set(2);
        lastMillis.set(900);
        timed.report();
        timed.report();
        assertThat(printed())
                .endsWith(
                        "pointsAccepted 14; checkpoints 1 (the last took 152.3 s), one in progress"
                                + " for 30 s"
                                + System.lineSeparator()
                                + "prescale run: pointsAccepted 14; checkpoints 2 (the last took 0.9 s)"
                                + System.lineSeparator());
    }

    /**
     * The ninety-first tester's agents stopped, and the job said nothing and released nothing for
     * minutes: once no counter has moved for two minutes the quiet note is said, once a spell.
     */
    @Test
    void aQuietSpellIsSaidOnceUntilACounterMoves() {
        AtomicLong now = new AtomicLong(1_000_000);
        ProgressReporter quiet = pointsReporter(now, "waiting for samples");
        SimpleCounter points = new SimpleCounter();
        quiet.notifyOfAddedMetric(points, "pointsAccepted", null);
        points.inc();
        quiet.report();
        now.addAndGet(ProgressReporter.QUIET_MILLIS - 1);
        quiet.report();
        assertThat(printed()).doesNotContain("waiting");
        now.addAndGet(1);
        quiet.report();
        now.addAndGet(60_000);
        quiet.report();
        assertThat(printed())
                .endsWith(
                        "prescale run: no counter moved for 2 min: waiting for samples"
                                + System.lineSeparator());
        assertThat(printed().split("waiting", -1)).hasSize(2);

        points.inc();
        quiet.report();
        now.addAndGet(ProgressReporter.QUIET_MILLIS);
        quiet.report();
        assertThat(printed().split("waiting", -1)).as("said again after a move").hasSize(3);
    }

    @Test
    void theFactoryReadsWhatConfigureWrote() {
        Configuration conf = new Configuration();
        ProgressReporter.configure(conf, "p: ", List.of("a", "b"), 10, "q");
        assertThat(conf.toMap())
                .containsEntry(
                        "metrics.reporter.prescale-progress.factory.class",
                        ProgressReporter.Factory.class.getName())
                .containsEntry("metrics.reporter.prescale-progress.interval", "10 s")
                .containsEntry("metrics.reporter.prescale-progress.quiet", "q");
        Properties p = new Properties();
        p.setProperty("prefix", "p: ");
        p.setProperty("counters", "a,b");
        assertThat(new ProgressReporter.Factory().createMetricReporter(p))
                .isInstanceOf(ProgressReporter.class);
        // Flink takes a reporter's factory.class only from the factories the ServiceLoader finds
        assertThat(ServiceLoader.load(MetricReporterFactory.class).stream())
                .extracting(ServiceLoader.Provider::type)
                .contains(ProgressReporter.Factory.class);
    }
}
