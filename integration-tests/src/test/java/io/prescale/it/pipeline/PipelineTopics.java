package io.prescale.it.pipeline;

import io.prescale.it.services.KafkaEndpoint;
import io.prescale.it.services.KafkaService;
import java.util.ArrayList;
import java.util.List;

/** Fresh topics for one run of both jobs, and the job options that name them. */
public record PipelineTopics(
        String metrics,
        String deadletter,
        String windows,
        String forecasts,
        String commands,
        String actuations,
        String alerts,
        String feedback,
        String config) {

    public static PipelineTopics create(KafkaService kafka) {
        return create(kafka.endpoint());
    }

    /** Fresh topics on {@code kafka}. */
    public static PipelineTopics create(KafkaEndpoint kafka) {
        return new PipelineTopics(
                kafka.createTopic("metrics", 2, false),
                kafka.createTopic("deadletter", 1, false),
                kafka.createTopic("windows", 2, false),
                kafka.createTopic("forecasts", 2, false),
                kafka.createTopic("commands", 2, false),
                kafka.createTopic("actuations", 2, false),
                kafka.createTopic("alerts", 1, false),
                kafka.createTopic("feedback", 1, false),
                kafka.createTopic("config", 1, true));
    }

    /** {@code -D} options naming these topics, unique group and transactional ids included. */
    public List<String> options() {
        return new ArrayList<>(
                List.of(
                        "-Dtopics.metrics=" + metrics,
                        "-Dtopics.deadletter=" + deadletter,
                        "-Dtopics.windows=" + windows,
                        "-Dtopics.forecasts=" + forecasts,
                        "-Dtopics.commands=" + commands,
                        "-Dtopics.actuations=" + actuations,
                        "-Dtopics.alerts=" + alerts,
                        "-Dtopics.feedback=" + feedback,
                        "-Dtopics.config=" + config,
                        "-Dkafka.group-id=scaling-" + metrics,
                        "-Dactuator.group-id=actuator-" + commands,
                        "-Dkafka.transactional-id-prefix=tx-" + commands));
    }
}
