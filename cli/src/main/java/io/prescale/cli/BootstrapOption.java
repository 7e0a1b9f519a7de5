package io.prescale.cli;

import io.prescale.cli.infra.KafkaPreflight;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --bootstrap} of the commands that send records to a broker (replay, send). */
final class BootstrapOption {
    @Option(
            names = "--bootstrap",
            defaultValue = "127.0.0.1:${env:PRESCALE_KAFKA_PORT:-9092}",
            description =
                    "Kafka bootstrap servers (default ${DEFAULT-VALUE}: the broker of `prescale"
                            + " infra up`, on the port PRESCALE_KAFKA_PORT gives it).")
    String bootstrap;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /**
     * The bootstrap servers, once the Kafka client would take them; a usage error naming {@code
     * --bootstrap} and the client's reason when it would not ({@link
     * KafkaPreflight#requireUsableAddress}).
     */
    String checked() {
        try {
            return KafkaPreflight.requireUsableAddress("--bootstrap", bootstrap);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
