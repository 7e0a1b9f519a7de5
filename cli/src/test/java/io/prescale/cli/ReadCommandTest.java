package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What {@code prescale read} prints of a record's key and value. */
class ReadCommandTest {

    /** The thirtieth tester's key {@code vm-\x1bc} reached the terminal as an escape sequence. */
    @Test
    void aControlCharacterIsPrintedEscaped() {
        assertThat(ReadCommand.text("vm-\u001bc\na\tb".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("vm-\\u001bc\\u000aa\\u0009b");
        assertThat(ReadCommand.text("{\"entity\":\"vm-é\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("{\"entity\":\"vm-é\"}");
        assertThat(ReadCommand.text(null)).isEqualTo("-");
    }
}
