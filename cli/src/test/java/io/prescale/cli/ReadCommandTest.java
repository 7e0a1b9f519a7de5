package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What {@code prescale read} prints of a record's key and value, and how long it waits. */
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

    /** A --timeout shorter than the broker probe's 10 s bounds it: a script's 2 s waited 10. */
    @Test
    void aShortTimeoutBoundsTheSearchForTheBroker() {
        StringWriter err = new StringWriter();
        long start = System.nanoTime();

        int code =
                CliRun.run(
                        new StringWriter(),
                        err,
                        "read",
                        "--bootstrap",
                        "127.0.0.1:1",
                        "--timeout",
                        "2");

        assertThat(code).isOne();
        assertThat(err.toString()).contains("no Kafka broker answers at 127.0.0.1:1 within 2 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }
}
