package io.prescale.cli;

import io.prescale.cli.infra.KafkaPreflight;
import io.prescale.cli.infra.KafkaTopics;
import io.prescale.cli.infra.TopicSpec;
import io.prescale.connectors.kafka.Topics;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Starts, stops and reports the real local services through {@code infra/local.sh}, whose {@code
 * up} ends with {@code prescale infra topics}: the job's Kafka topics that are missing ({@link
 * #TOPICS}) are created from this one list, whichever of the two started the services.
 */
@Command(
        name = "infra",
        mixinStandardHelpOptions = true,
        description = {
            "Real local services on 127.0.0.1: a KRaft Kafka broker, InfluxDB and a Flink session"
                    + " cluster, with data under .prescale/local (PRESCALE_HOME)."
        })
final class InfraCommand implements Callable<Integer> {

    enum Action {
        up,
        down,
        status,
        topics
    }

    @Spec CommandSpec spec;

    @Parameters(
            index = "0",
            description =
                    "up (start the services and create the job's missing topics), down, status, or"
                            + " topics (create only the job's missing topics, and compact a"
                            + " prescale.config that is not)")
    Action action;

    @Option(
            names = "--bootstrap",
            defaultValue = "127.0.0.1:${env:PRESCALE_KAFKA_PORT:-9092}",
            description =
                    "The broker whose topics `topics` creates (default 127.0.0.1 and"
                            + " PRESCALE_KAFKA_PORT, else 9092: the broker of `up`).")
    String bootstrap;

    /**
     * The job's topics by their default names, created by {@code topics} (and so by {@code up})
     * when missing: the local broker does not, by default, create topics on first use ({@code
     * auto.create.topics.enable=false}), no broker creates the topics a job's source reads, and a
     * job started without them fails over and over until they exist.
     */
    static final List<TopicSpec> TOPICS =
            List.of(
                    TopicSpec.events(Topics.METRICS, 2),
                    TopicSpec.events(Topics.COMMANDS, 2),
                    TopicSpec.events(Topics.ACTUATIONS, 2),
                    TopicSpec.events(Topics.ALERTS, 2),
                    TopicSpec.events(Topics.FEEDBACK, 2),
                    TopicSpec.compacted(Topics.CONFIG, 1),
                    TopicSpec.events(Topics.DEADLETTER, 1),
                    TopicSpec.events(Topics.WINDOWS, 2),
                    TopicSpec.events(Topics.FORECASTS, 2));

    @Override
    public Integer call() throws Exception {
        if (action != Action.topics) {
            return RepoPaths.run("bash", "infra/local.sh", action.name());
        }
        try {
            KafkaPreflight.requireUsableAddress("--bootstrap", bootstrap);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        // the topics' own calls may take longer; a broker that is not there is said at once
        KafkaPreflight.requireBroker(bootstrap, KafkaPreflight.TIMEOUT);
        List<String> created =
                KafkaTopics.createMissing(bootstrap, TOPICS, KafkaTopics.DEFAULT_TIMEOUT);
        List<String> compacted =
                KafkaTopics.compactExisting(bootstrap, TOPICS, KafkaTopics.DEFAULT_TIMEOUT);
        if (!compacted.isEmpty()) {
            spec.commandLine()
                    .getOut()
                    .println(
                            "Kafka topics compacted at "
                                    + bootstrap
                                    + " (cleanup.policy was not compact): "
                                    + String.join(", ", compacted));
        }
        spec.commandLine()
                .getOut()
                .println(
                        created.isEmpty()
                                ? "Kafka topics at "
                                        + bootstrap
                                        + ": all "
                                        + TOPICS.size()
                                        + " present"
                                : "Kafka topics created at "
                                        + bootstrap
                                        + ": "
                                        + String.join(", ", created));
        return 0;
    }
}
