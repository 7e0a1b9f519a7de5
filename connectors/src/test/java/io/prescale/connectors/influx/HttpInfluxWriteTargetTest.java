package io.prescale.connectors.influx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What the HTTP target says when no InfluxDB answers: a closed port, not a refused database. */
class HttpInfluxWriteTargetTest {
    private static final String NO_SERVER = "http://127.0.0.1:1";

    @Test
    void aServerThatDoesNotAnswerIsNamedAsSuchNotAsARefusedDatabase() {
        try (HttpInfluxWriteTarget target =
                new HttpInfluxWriteTarget(InfluxSinkConfig.of(NO_SERVER, "t9"))) {
            assertThatThrownBy(() -> target.open("t9"))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith(
                            "InfluxDB at " + NO_SERVER + " does not answer (ConnectException: ")
                    .hasMessageNotContaining("cannot create")
                    .hasMessageEndingWith(")");
        }
    }
}
