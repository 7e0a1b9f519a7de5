package io.prescale.agent;

import io.prescale.model.SampleParser;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the real agent (OSHI source, Kafka publisher, system clock) and runs it until its count is
 * reached or the JVM is asked to stop: on SIGTERM or Ctrl-C a shutdown hook stops the loop, then
 * the publisher is flushed and closed so that no read sample is lost.
 */
public final class AgentRunner {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRunner.class);

    private AgentRunner() {}

    /**
     * Runs the agent; returns the process exit code: 0, or 1 when the broker does not answer or
     * lacks the topic at the start ({@link BrokerCheck}, said within 10 s) or samples failed and
     * none was published ({@link #outcome}).
     */
    public static int run(AgentConfig config, PrintStream progress) {
        String problem =
                BrokerCheck.problem(config.bootstrapServers(), config.topic(), BrokerCheck.TIMEOUT);
        if (problem != null) {
            progress.println("prescale agent: " + problem);
            return 1;
        }
        OshiMetricSource source =
                new OshiMetricSource(config.entityBy(), config.match(), config.entity());
        KafkaSamplePublisher publisher =
                new KafkaSamplePublisher(
                        config.bootstrapServers(),
                        config.topic(),
                        config.interval().multipliedBy(3));
        Agent agent =
                new Agent(
                        source,
                        new SampleBuilder(config.tenant()),
                        publisher,
                        Clock.systemUTC(),
                        progress);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> {
                            agent.stop();
                            try {
                                done.await(10, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            publisher.close();
                        },
                        "prescale-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        progress.println(
                "prescale agent: "
                        + config.entityBy().name().toLowerCase(java.util.Locale.ROOT)
                        + " entities named "
                        + source.name()
                        + " every "
                        + SampleParser.readable(config.interval())
                        + " to "
                        + config.topic()
                        + " at "
                        + config.bootstrapServers());
        int exit;
        try {
            agent.run(config.interval(), config.count());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            publisher.close();
            // before the latch: once it opens, the shutdown hook returns and the JVM may halt
            // before a line printed after it (a SIGTERM printed the summary one time in two)
            progress.println(agent.summary());
            exit = outcome(publisher, progress);
            progress.flush();
            done.countDown();
            removeHook(hook);
        }
        return exit;
    }

    /**
     * The exit code once {@code publisher} is closed: 1 when samples failed and none was published
     * (the broker was never reached, say), printing the last failure, which names the topic and the
     * bootstrap servers; else 0. Some published and some failed is an outage the progress lines and
     * the summary show, not a failed run.
     */
    static int outcome(SamplePublisher publisher, PrintStream progress) {
        if (publisher.published() > 0 || publisher.failed() == 0) {
            return 0;
        }
        progress.println(
                "prescale agent: published nothing, "
                        + publisher.failed()
                        + " samples failed; last "
                        + publisher.lastFailure());
        return 1;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            LOG.debug("shutting down; the hook is running", e);
        }
    }
}
