package io.prescale.cli.infra;

import io.prescale.agent.BrokerCheck;
import io.prescale.connectors.kafka.BoundedAdmin;
import io.prescale.connectors.kafka.TopicCheck;
import io.prescale.connectors.kafka.Topics;
import io.prescale.model.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.common.KafkaException;

/**
 * Before a job starts from the command line: does its Kafka broker answer, and does it have the
 * job's topics? A job started otherwise does not say so: its Kafka clients wait and retry in
 * silence, or its source fails over every few seconds.
 *
 * <p>Which missing topics stop a job: {@link TopicCheck}.
 */
public final class KafkaPreflight {
    /** How long a command waits for its broker to answer before it says that none does. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private KafkaPreflight() {}

    /**
     * The options a caller names its broker and topics with, for the hints of the messages.
     *
     * @param bootstrap the option of the bootstrap servers
     * @param topics the option or options of the topics, as the hint names them
     */
    public record OptionNames(String bootstrap, String topics) {
        /** A job's: {@code kafka.bootstrap-servers} and the {@code topics.*} options. */
        public static final OptionNames JOB =
                new OptionNames("kafka.bootstrap-servers", "the topics.* options");

        /** A command's that sends to one topic ({@code prescale replay}, {@code send}). */
        public static final OptionNames COMMAND = new OptionNames("--bootstrap", "--topic");
    }

    /** {@link BrokerCheck#requireUsableAddress}: the address as the Kafka client takes it. */
    public static String requireUsableAddress(String option, String bootstrapServers) {
        return BrokerCheck.requireUsableAddress(option, bootstrapServers);
    }

    /**
     * What stops a job reading {@code inputs} and writing {@code outputs} at {@code
     * bootstrapServers}, or {@code null} when nothing does.
     *
     * @param names the options the caller's user sets the broker and the topics with
     */
    public static String problem(
            String bootstrapServers,
            Collection<String> inputs,
            Collection<String> outputs,
            Duration timeout,
            OptionNames names) {
        // a name Kafka refuses is no missing topic (a control character in it was printed raw)
        for (String topic : Stream.concat(inputs.stream(), outputs.stream()).toList()) {
            String problem = TopicNames.problem(names.topics(), topic);
            if (problem != null) {
                return problem;
            }
        }
        long ms = timeout.toMillis();
        try (BoundedAdmin admin = BoundedAdmin.open(bootstrapServers, timeout)) {
            Set<String> present = admin.topicNames();
            List<String> missingInputs = inputs.stream().filter(t -> !present.contains(t)).toList();
            List<String> missingOutputs =
                    outputs.stream().filter(t -> !present.contains(t)).toList();
            if (missingInputs.isEmpty() && missingOutputs.isEmpty()) {
                return null;
            }
            return TopicCheck.missing(
                    bootstrapServers,
                    missingInputs,
                    missingOutputs,
                    BrokerCheck.autoCreates(admin.admin(), ms),
                    names.topics());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while asking the Kafka broker at " + bootstrapServers;
        } catch (KafkaException e) {
            // the client refuses the address itself (no resolvable host, no port)
            // (requireUsableAddress says so first where its caller has an option to name)
            return BrokerCheck.unusable(
                    names.bootstrap(), bootstrapServers, e.getCause() == null ? e : e.getCause());
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            String within = timeout.toSeconds() + " s";
            String silent = BrokerCheck.listensButSilent(bootstrapServers, within, cause);
            return silent != null
                    ? silent + "; or set " + names.bootstrap()
                    : "no Kafka broker answers at "
                            + bootstrapServers
                            + " within "
                            + within
                            + " ("
                            + cause
                            + "); start one (./prescale infra up) or set "
                            + names.bootstrap();
        }
    }

    /**
     * For a command that sends to one topic ({@code prescale replay}, {@code send}): that the
     * broker answers and has {@code topic}, hinting with the command's own options ({@link
     * OptionNames#COMMAND}).
     *
     * @throws IllegalStateException saying what stops it ({@link #problem})
     */
    public static void requireCommandTopic(
            String bootstrapServers, String topic, Duration timeout) {
        String problem =
                problem(bootstrapServers, List.of(topic), List.of(), timeout, OptionNames.COMMAND);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    /**
     * For a command that only talks to the broker ({@code prescale infra topics}): that one answers
     * at {@code bootstrapServers} within {@code timeout}, hinting with the command's {@code
     * --bootstrap}. Its own calls may then take longer (creating topics does), but a command
     * without a broker gives up as soon as the others do.
     *
     * @throws IllegalStateException saying that no broker answers ({@link #problem})
     */
    public static void requireBroker(String bootstrapServers, Duration timeout) {
        String problem =
                problem(bootstrapServers, List.of(), List.of(), timeout, OptionNames.COMMAND);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    /**
     * Those of {@code compacted} that the broker has but does not compact ({@code cleanup.policy}
     * without {@code compact}), as a note naming them and how to change it; null when there are
     * none, or when the broker cannot be asked (the pre-flight's {@link #problem} says so). Such a
     * topic loses what its retention deletes: for {@code prescale.config}, the policy overrides
     * older than {@code retention.ms}, which a job started afresh then no longer sees.
     */
    public static String notCompacted(
            String bootstrapServers, Collection<String> compacted, Duration timeout) {
        if (compacted.isEmpty()) {
            return null;
        }
        long ms = timeout.toMillis();
        try (BoundedAdmin admin = BoundedAdmin.open(bootstrapServers, timeout)) {
            List<String> notes = new ArrayList<>();
            for (Map.Entry<String, String> t :
                    KafkaTopics.uncompacted(admin.admin(), compacted, ms).entrySet()) {
                String kafkaConfigs =
                        "kafka-configs.sh --bootstrap-server "
                                + bootstrapServers
                                + " --alter --entity-type topics --entity-name "
                                + t.getKey()
                                + " --add-config cleanup.policy=compact";
                // infra topics compacts the default config topic only
                notes.add(
                        "topic "
                                + t.getKey()
                                + " is not compacted (cleanup.policy="
                                + t.getValue()
                                + "), so what its retention deletes is lost to a job started"
                                + " afresh; compact it: "
                                + (t.getKey().equals(Topics.CONFIG)
                                        ? "prescale infra topics --bootstrap "
                                                + bootstrapServers
                                                + " (or Kafka's "
                                                + kafkaConfigs
                                                + ")"
                                        : "Kafka's " + kafkaConfigs));
            }
            return notes.isEmpty() ? null : String.join("; ", notes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }
}
