package io.prescale.cli;

import io.prescale.model.TopicNames;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code --topic} of the commands that read or send records (read, replay, send): a name Kafka
 * refuses is a usage error naming the option (exit code 2), as it is for the agent's and the job's
 * topics, before any broker is asked.
 */
final class TopicOption {
    private TopicOption() {}

    static String checked(CommandSpec spec, String topic) {
        return refused(spec, topic, TopicNames.problem("--topic", topic));
    }

    /**
     * For a command that sends samples (replay): also not the default name of another of the job's
     * topics (a replay to prescale.feedback was 16,008 dead letters).
     */
    static String forSamples(CommandSpec spec, String topic) {
        return refused(spec, topic, TopicNames.samplesProblem("--topic", topic));
    }

    private static String refused(CommandSpec spec, String topic, String problem) {
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        return topic;
    }
}
