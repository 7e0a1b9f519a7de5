package io.prescale.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.MetricSample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Reading reading(String entity, long busy, long total) {
        return new Reading(entity, Map.of(), busy, total, 100, 1_000, IoCounters.diskOnly(0, 0));
    }

    private static MetricSample sample(String entity) {
        return new MetricSample(entity, null, T0, Map.of(MetricNames.CPU_PCT, 1.0), Map.of());
    }

    @Test
    void eachRoundPublishesItsSamplesAndPrintsOneProgressLine() {
        TestingMetricSource source =
                new TestingMetricSource()
                        .then(reading("a", 0, 0), reading("b", 0, 0))
                        .then(reading("a", 10, 100), reading("b", 50, 100))
                        .then(reading("a", 20, 200), reading("b", 60, 200))
                        .then(reading("a", 30, 300), reading("b", 70, 300))
                        .then(reading("a", 40, 400), reading("b", 80, 400));
        TestingSamplePublisher publisher = new TestingSamplePublisher();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Agent agent =
                new Agent(
                        source,
                        new SampleBuilder(null),
                        publisher,
                        Clock.fixed(T0, ZoneOffset.UTC),
                        new PrintStream(err, true, StandardCharsets.UTF_8));

        agent.prime();
        assertThat(agent.runOnce()).isEqualTo(new Agent.Round(2, 2, 0));
        publisher.failNext(3);
        assertThat(agent.runOnce()).isEqualTo(new Agent.Round(2, 0, 2));
        assertThat(agent.runOnce()).isEqualTo(new Agent.Round(2, 1, 1));
        assertThat(agent.runOnce()).isEqualTo(new Agent.Round(2, 2, 0));

        assertThat(err.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(
                        "published 2 samples, 0 failed",
                        "published 0 samples, 2 failed (last not published to the testing"
                                + " publisher: told to fail)",
                        "published 1 sample, 1 failed (last not published to the testing"
                                + " publisher: told to fail)",
                        "published 2 samples, 0 failed; publishing again after 3 failed"
                                + " samples");
        assertThat(agent.summary())
                .isEqualTo("prescale agent: stopped after 4 rounds: published 5 samples, 3 failed");
        assertThat(publisher.sent.get(0).metrics()).containsEntry(MetricNames.CPU_PCT, 10.0);
    }

    @Test
    void aRoundThatReadNoEntitySaysSo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Agent agent =
                new Agent(
                        new TestingMetricSource(),
                        new SampleBuilder(null),
                        new TestingSamplePublisher(),
                        Clock.fixed(T0, ZoneOffset.UTC),
                        new PrintStream(err, true, StandardCharsets.UTF_8));

        agent.runOnce();

        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(
                        "published 0 samples, 0 failed; no entity was read (with --entity-by"
                                + " process: no running process matches --match)");
    }

    @Test
    void aRunThatPublishedNothingButFailedExitsNonZeroNamingTheLastFailure() {
        TestingSamplePublisher publisher = new TestingSamplePublisher();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream progress = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(AgentRunner.outcome(publisher, progress)).as("nothing to publish").isZero();
        publisher.failNext(2);
        publisher.publish(sample("a"));
        publisher.publish(sample("b"));
        assertThat(AgentRunner.outcome(publisher, progress)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        "prescale agent: published nothing, 2 samples failed; last not published"
                                + " to the testing publisher: told to fail"
                                + System.lineSeparator());
        publisher.publish(sample("c"));
        assertThat(AgentRunner.outcome(publisher, progress)).as("some published").isZero();
    }

    /**
     * No broker listens on port 1: the run fails before its first reading, after the 10 s that
     * {@code prescale run}, {@code replay} and {@code send} wait too (not three intervals), saying
     * at which servers and what to do.
     */
    @Test
    void withoutABrokerTheRunExitsNonZeroNamingTheBootstrapServers() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AgentConfig config =
                new AgentConfig(
                        "127.0.0.1:1",
                        "prescale.metrics",
                        Duration.ofMillis(100),
                        EntityBy.HOST,
                        null,
                        null,
                        1,
                        null);
        int exit = AgentRunner.run(config, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        "prescale agent: no Kafka broker answers at 127.0.0.1:1 within 10 s: start"
                                + " one (./prescale infra up starts one at 127.0.0.1:"
                                + BrokerCheckTest.infraUpPort()
                                + ") or give --bootstrap HOST:PORT of a running broker"
                                + System.lineSeparator());
    }

    @Test
    void runStopsAfterCountRounds() throws InterruptedException {
        TestingMetricSource source = new TestingMetricSource();
        for (int i = 0; i < 4; i++) {
            source.then(reading("a", i, 10L * i));
        }
        TestingSamplePublisher publisher = new TestingSamplePublisher();
        Agent agent =
                new Agent(
                        source,
                        new SampleBuilder(null),
                        publisher,
                        Clock.systemUTC(),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        agent.run(Duration.ofMillis(1), 3);
        assertThat(publisher.sent).hasSize(3);
    }

    /**
     * A round that takes longer than the interval (each send held up by a broker that does not
     * answer) skips the readings it overran and says so; the summary counts them. The clock is the
     * system's, moved on 3.5 intervals by each flush.
     */
    @Test
    void aRoundThatOverrunsTheIntervalSkipsItsReadingsAndSaysSo() throws InterruptedException {
        TestingMetricSource source = new TestingMetricSource();
        for (int i = 0; i < 3; i++) {
            source.then(reading("a", i, 10L * i));
        }
        Duration[] ahead = {Duration.ZERO};
        Clock clock =
                new Clock() {
                    @Override
                    public Instant instant() {
                        return Instant.now().plus(ahead[0]);
                    }

                    @Override
                    public ZoneOffset getZone() {
                        return ZoneOffset.UTC;
                    }

                    @Override
                    public Clock withZone(java.time.ZoneId zone) {
                        throw new UnsupportedOperationException();
                    }
                };
        TestingSamplePublisher slow =
                new TestingSamplePublisher() {
                    @Override
                    public void flush() {
                        ahead[0] = ahead[0].plusMillis(3_500);
                    }
                };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Agent agent =
                new Agent(
                        source,
                        new SampleBuilder(null),
                        slow,
                        clock,
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        agent.run(Duration.ofSeconds(1), 2);

        // the clock is the real one 3.5 s ahead a round: its milliseconds can be a few more
        String skipped =
                "skipped 3 readings: the round took 3[5-9]\\d\\d ms and ended 2[5-9]\\d\\d ms after the"
                        + " next reading was due \\(interval 1 s\\)";
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList())
                .satisfiesExactly(
                        l -> assertThat(l).isEqualTo("published 1 sample, 0 failed"),
                        l -> assertThat(l).matches(skipped),
                        l -> assertThat(l).isEqualTo("published 1 sample, 0 failed"),
                        l -> assertThat(l).matches(skipped));
        assertThat(agent.summary())
                .isEqualTo(
                        "prescale agent: stopped after 2 rounds: published 2 samples, 0 failed,"
                                + " 6 readings skipped (rounds that overran the interval)");
    }

    @Test
    void stopEndsAnEndlessRun() throws InterruptedException {
        Agent agent =
                new Agent(
                        new TestingMetricSource(),
                        new SampleBuilder(null),
                        new TestingSamplePublisher(),
                        Clock.systemUTC(),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        agent.stop();
        agent.run(Duration.ofHours(1), 0);
    }
}
