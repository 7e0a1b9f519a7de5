package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandLineSplitterTest {
    private static final String KEY = "actuator.process-pool.command";

    @Test
    void splitsOnWhitespaceAndKeepsQuotedTextWhole() {
        assertThat(CommandLineSplitter.split(KEY, "  sleep   3600 "))
                .containsExactly("sleep", "3600");
        assertThat(
                        CommandLineSplitter.split(
                                KEY, "sh -c 'while kill -0 $PPID; do sleep 1; done' w {entity}"))
                .containsExactly(
                        "sh", "-c", "while kill -0 $PPID; do sleep 1; done", "w", "{entity}");
        assertThat(CommandLineSplitter.split(KEY, "echo \"a \\\"b\\\" c\" x'y z'"))
                .containsExactly("echo", "a \"b\" c", "xy z");
        assertThat(CommandLineSplitter.split(KEY, "printf ''")).containsExactly("printf", "");
    }

    @Test
    void unclosedQuoteAndEmptyLineNameTheOption() {
        assertThatThrownBy(() -> CommandLineSplitter.split(KEY, "sh -c 'oops"))
                .hasMessageContaining(KEY)
                .hasMessageContaining("unclosed ' quote");
        assertThatThrownBy(() -> CommandLineSplitter.split(KEY, "   "))
                .hasMessageContaining(KEY + " must name a command");
    }
}
