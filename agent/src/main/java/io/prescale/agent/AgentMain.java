package io.prescale.agent;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The agent on its own ({@code java -cp prescale-agent.jar:... io.prescale.agent.AgentMain}), with
 * the same options as {@code prescale agent}.
 */
@Command(
        name = "prescale-agent",
        mixinStandardHelpOptions = true,
        description =
                "Publishes host or per-process CPU, memory, disk and network samples to Kafka.")
public final class AgentMain implements Callable<Integer> {
    @Mixin AgentOptions options;

    @Override
    public Integer call() {
        return AgentRunner.run(options.toConfig(), System.err);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new AgentMain()).execute(args));
    }
}
