package io.prescale.cli;

import io.prescale.cli.infra.KafkaPreflight;
import io.prescale.cli.infra.KafkaTopics;
import io.prescale.cli.infra.TopicSpec;
import io.prescale.jobs.JobOptions;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Starts, stops and reports the real local services through {@code infra/local.sh}, whose {@code
 * up} ends with {@code prescale infra topics}: the job's Kafka topics that are missing ({@link
 * #topics}) are created from this one list, whichever of the two started the services.
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
                            + " topics (create only the job's missing topics, by the names -D and"
                            + " --job-config give them, and compact a config topic that is not)")
    Action action;

    @Option(
            names = "--bootstrap",
            defaultValue = "127.0.0.1:${env:PRESCALE_KAFKA_PORT:-9092}",
            description =
                    "The broker whose topics `topics` creates (default 127.0.0.1 and"
                            + " PRESCALE_KAFKA_PORT, else 9092: the broker of `up`).")
    String bootstrap;

    @Mixin JobConfigOptions jobConfig;

    /**
     * The job's topics, created by {@code topics} (and so by {@code up}) when missing, by the names
     * {@code conf} gives them: the local broker does not, by default, create topics on first use
     * ({@code auto.create.topics.enable=false}), no broker creates the topics a job's source reads,
     * and a job started without them fails over and over until they exist.
     */
    static List<TopicSpec> topics(Configuration conf) {
        return List.of(
                TopicSpec.events(conf.get(JobOptions.TOPIC_METRICS), 2),
                TopicSpec.events(conf.get(JobOptions.TOPIC_COMMANDS), 2),
                TopicSpec.events(conf.get(JobOptions.TOPIC_ACTUATIONS), 2),
                TopicSpec.events(conf.get(JobOptions.TOPIC_ALERTS), 2),
                TopicSpec.events(conf.get(JobOptions.TOPIC_FEEDBACK), 2),
                TopicSpec.compacted(conf.get(JobOptions.TOPIC_CONFIG), 1),
                TopicSpec.events(conf.get(JobOptions.TOPIC_DEADLETTER), 1),
                TopicSpec.events(conf.get(JobOptions.TOPIC_WINDOWS), 2),
                TopicSpec.events(conf.get(JobOptions.TOPIC_FORECASTS), 2));
    }

    @Override
    public Integer call() throws Exception {
        if (action != Action.topics) {
            if (jobConfig.given()) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "-D and --job-config name the topics `infra topics` creates; `infra "
                                + action
                                + "` reads no job options (`up` creates the topics by their"
                                + " default names: run `infra topics -D...` after it)");
            }
            return RepoPaths.run("bash", "infra/local.sh", action.name());
        }
        List<TopicSpec> topics = topics(jobConfig.configuration());
        try {
            KafkaPreflight.requireUsableAddress("--bootstrap", bootstrap);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        // the topics' own calls may take longer; a broker that is not there is said at once
        KafkaPreflight.requireBroker(bootstrap, KafkaPreflight.TIMEOUT);
        List<String> created =
                KafkaTopics.createMissing(bootstrap, topics, KafkaTopics.DEFAULT_TIMEOUT);
        List<String> compacted =
                KafkaTopics.compactExisting(bootstrap, topics, KafkaTopics.DEFAULT_TIMEOUT);
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
                                        + topics.size()
                                        + " present"
                                : "Kafka topics created at "
                                        + bootstrap
                                        + ": "
                                        + String.join(", ", created));
        return 0;
    }
}
