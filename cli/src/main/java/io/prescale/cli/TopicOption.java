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
        String problem = TopicNames.problem("--topic", topic);
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        return topic;
    }
}
