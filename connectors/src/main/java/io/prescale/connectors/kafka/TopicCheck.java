package io.prescale.connectors.kafka;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.common.KafkaException;

/**
 * Which of a job's topics are missing, and what that stops. The topics a job reads by name must
 * exist whatever the broker's {@code auto.create.topics.enable}: a Kafka source only asks the
 * broker to describe them, which creates nothing, and fails with {@code
 * UnknownTopicOrPartitionException} on every restart, for good under a cluster's restart strategy.
 * The topics it only writes may be left to a broker that creates topics on first use.
 *
 * <p>{@code prescale run} and {@code actuate} check all of this before they start (the CLI's {@code
 * KafkaPreflight}); a job submitted to a cluster checks its inputs in its main method ({@link
 * #requireInputs}), so that the submission is refused with the reason rather than started to
 * restart without end.
 */
public final class TopicCheck {
    /** How long a check waits for the broker to answer. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private TopicCheck() {}

    /**
     * What the missing topics stop, or {@code null} when nothing: a missing input always stops the
     * job; a missing output only on a broker that does not create topics on first use.
     *
     * @param topicsOption the option or options the caller's user names the topics with, for the
     *     hint
     */
    public static String missing(
            String bootstrapServers,
            List<String> missingInputs,
            List<String> missingOutputs,
            boolean autoCreates,
            String topicsOption) {
        List<String> missing =
                autoCreates
                        ? missingInputs
                        : Stream.concat(missingInputs.stream(), missingOutputs.stream()).toList();
        if (missing.isEmpty()) {
            return null;
        }
        String howToCreate =
                (missing.size() == 1 ? "create it" : "create them")
                        + " (on this broker, ./prescale infra topics --bootstrap "
                        + bootstrapServers
                        + " creates the job's topics, under other names too when given them"
                        + " as the job is (-Dtopics.metrics=NAME, --job-config FILE); see the"
                        + " README's Real services) or set "
                        + topicsOption;
        String broker =
                "the Kafka broker at "
                        + bootstrapServers
                        + " has no topic "
                        + String.join(", ", missing);
        return autoCreates
                ? broker
                        + ", which the job reads: its Kafka source does not create the topics it"
                        + " reads, even on a broker that creates topics on first use, and would"
                        + " fail over until "
                        + (missing.size() == 1 ? "it exists; " : "they exist; ")
                        + howToCreate
                : broker + " and does not create topics on first use; " + howToCreate;
    }

    /**
     * For a job's main method on a cluster: that the broker has every topic of {@code inputs}. A
     * broker that does not answer within {@code timeout} is noted on {@code log} and the job
     * starts: the JobManager that runs the main method may not reach the broker its TaskManagers
     * do, and the job's sources wait for a broker that comes back (the README's Kafka outages).
     *
     * @throws IllegalStateException naming the missing topics and how to create them
     */
    public static void requireInputs(
            String bootstrapServers, List<String> inputs, Duration timeout, PrintStream log) {
        Set<String> present;
        try (BoundedAdmin admin = BoundedAdmin.open(bootstrapServers, timeout)) {
            present = admin.topicNames();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            log.println(
                    "prescale: note: could not ask the Kafka broker at "
                            + bootstrapServers
                            + " whether it has the topics "
                            + String.join(", ", inputs)
                            + " ("
                            + cause
                            + "); the job starts and its sources wait for the broker");
            return;
        }
        List<String> missingInputs = inputs.stream().filter(t -> !present.contains(t)).toList();
        String problem =
                missing(bootstrapServers, missingInputs, List.of(), true, "the topics.* options");
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }
}
