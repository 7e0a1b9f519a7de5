package io.prescale.cli;

import io.prescale.cli.infra.KafkaTopics;
import io.prescale.cli.infra.TopicSpec;
import io.prescale.connectors.kafka.Topics;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Starts, stops and reports the real local services through {@code infra/local.sh}; {@code up} also
 * creates the job's Kafka topics that are missing ({@link #TOPICS}).
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
        status
    }

    @Parameters(index = "0", description = "up, down or status")
    Action action;

    /**
     * The job's topics by their default names, created by {@code up} when missing: the broker does
     * not create topics on first use ({@code auto.create.topics.enable=false}), and a job started
     * without them fails over and over until they exist.
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
        int status = RepoPaths.run("bash", "infra/local.sh", action.name());
        if (status == 0 && action == Action.up) {
            String kafka =
                    "127.0.0.1:" + System.getenv().getOrDefault("PRESCALE_KAFKA_PORT", "9092");
            List<String> created =
                    KafkaTopics.createMissing(kafka, TOPICS, KafkaTopics.DEFAULT_TIMEOUT);
            System.out.println(
                    created.isEmpty()
                            ? "Kafka topics: all " + TOPICS.size() + " present"
                            : "Kafka topics created: " + String.join(", ", created));
        }
        return status;
    }
}
