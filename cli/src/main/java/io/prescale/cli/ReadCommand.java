package io.prescale.cli;

import io.prescale.cli.infra.KafkaPreflight;
import io.prescale.cli.kafka.TopicSnapshot;
import io.prescale.connectors.kafka.Topics;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code prescale read}: what a topic holds, one record a line, for a user to see the jobs' outputs
 * without Kafka's console tools (which the local services do not install).
 */
@Command(
        name = "read",
        mixinStandardHelpOptions = true,
        description = {
            "Prints what a topic holds now, committed records only (read_committed, as the"
                    + " jobs' readers see prescale.commands), one a line: the record's time,"
                    + " partition and offset, key, and value (JSON for every prescale topic), then"
                    + " exits. Example: prescale read --topic prescale.commands --entity vm-1"
        })
final class ReadCommand implements Callable<Integer> {

    @Mixin BootstrapOption broker;

    @Option(
            names = "--topic",
            defaultValue = Topics.COMMANDS,
            description = "Topic to read (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--entity",
            description = "Only records keyed by this entity (every prescale topic is).")
    String entity;

    @Option(
            names = "--limit",
            defaultValue = "0",
            paramLabel = "N",
            description = "Stop after N records printed (default 0: all).")
    long limit;

    @Option(
            names = "--timeout",
            defaultValue = "60",
            paramLabel = "SECONDS",
            description =
                    "How long reading the topic to its end may take, and finding the broker at"
                            + " most 10 s of it (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new ParameterException(spec.commandLine(), "--limit must be >= 0, was " + limit);
        }
        if (timeoutSeconds < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--timeout must be >= 1 s, was " + timeoutSeconds);
        }
        if (entity != null && entity.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--entity must not be blank");
        }
        TopicOption.checked(spec, topic);
        String bootstrap = broker.checked();
        // a --timeout shorter than the probe's bounds the probe too (a script's --timeout 2 waited
        // 10 s)
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        KafkaPreflight.requireCommandTopic(
                bootstrap,
                topic,
                timeout.compareTo(KafkaPreflight.TIMEOUT) < 0 ? timeout : KafkaPreflight.TIMEOUT);
        byte[] key = entity == null ? null : entity.getBytes(StandardCharsets.UTF_8);
        PrintWriter out = spec.commandLine().getOut();
        long[] printed = {0};
        TopicSnapshot.forEach(
                bootstrap,
                topic,
                r -> {
                    if (key != null && !Arrays.equals(key, r.key())) {
                        return true;
                    }
                    out.printf(
                            "%s %d:%d %s %s%n",
                            Instant.ofEpochMilli(r.timestamp()),
                            r.partition(),
                            r.offset(),
                            text(r.key()),
                            text(r.value()));
                    printed[0]++;
                    return limit == 0 || printed[0] < limit;
                },
                timeout);
        out.flush();
        spec.commandLine()
                .getErr()
                .printf("prescale read: %,d record(s) of %s at %s%n", printed[0], topic, bootstrap);
        return 0;
    }

    /**
     * The bytes as UTF-8, a control character written as {@code \\uXXXX}: a key or a value is
     * whatever a writer to the topic chose, and an escape sequence or a line break in one reached
     * the terminal (a tester's key {@code vm-\\x1bc}).
     */
    static String text(byte[] bytes) {
        if (bytes == null) {
            return "-";
        }
        String s = new String(bytes, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
