package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ProgressReporter reporter =
            new ProgressReporter(
                    "prescale run: ",
                    List.of("pointsAccepted", "recordsDeadLettered"),
                    new PrintStream(bytes, true, StandardCharsets.UTF_8));

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
    void aFinishedTasksCountsStay() {
        SimpleCounter c = new SimpleCounter();
        reporter.notifyOfAddedMetric(c, "recordsDeadLettered", null);
        c.inc(3);
        reporter.notifyOfRemovedMetric(c, "recordsDeadLettered", null);
        reporter.close();
        assertThat(printed()).endsWith(String.format("recordsDeadLettered 3%n"));
    }

    @Test
    void theFactoryReadsWhatConfigureWrote() {
        Configuration conf = new Configuration();
        ProgressReporter.configure(conf, "p: ", List.of("a", "b"), 10);
        assertThat(conf.toMap())
                .containsEntry(
                        "metrics.reporter.prescale-progress.factory.class",
                        ProgressReporter.Factory.class.getName())
                .containsEntry("metrics.reporter.prescale-progress.interval", "10 s");
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
