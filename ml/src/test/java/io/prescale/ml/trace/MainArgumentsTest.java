package io.prescale.ml.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainArgumentsTest {
    private static final MainArguments.Usage USAGE =
            new MainArguments.Usage("Main", List.of("FILE", "COUNT", "SCALE"), 1, "  notes");

    private final StringWriter err = new StringWriter();

    private int run(MainArguments.Work<Long> work, String... args) {
        return MainArguments.run(
                USAGE,
                args,
                new PrintWriter(err, true),
                a -> a.given("COUNT") ? a.positiveLong("COUNT") : 1L,
                work);
    }

    @Test
    void theUsageLineBracketsTheOptionalArguments() {
        assertThat(USAGE.line()).isEqualTo("Main FILE [COUNT [SCALE]]");
    }

    @Test
    void aWrongCountOrValueIsAUsageErrorWithTheUsageLine() {
        assertThat(run(o -> {})).isEqualTo(2);
        assertThat(run(o -> {}, "f", "1", "2", "3")).isEqualTo(2);
        assertThat(run(o -> {}, "f", "99999999999999999999")).isEqualTo(2);
        assertThat(err.toString())
                .contains("Main: takes 1 to 3 arguments, was given 0")
                .contains("Main: takes 1 to 3 arguments, was given 4")
                .contains(
                        "Main: COUNT must be a whole number >= 1 within 9223372036854775807, was"
                                + " '99999999999999999999'")
                .contains("usage: Main FILE [COUNT [SCALE]]\n  notes");
    }

    @Test
    void theWorksFailuresAreOneLineAndItsExitCode() {
        assertThat(run(o -> {}, "f", "3")).isZero();
        assertThat(
                        run(
                                o -> {
                                    throw new UnsatisfiableOptionException("COUNT is too large");
                                },
                                "f"))
                .isEqualTo(2);
        assertThat(
                        run(
                                o -> {
                                    throw new TraceFormatException(Path.of("t.csv"), 3, "oops");
                                },
                                "f"))
                .isEqualTo(1);
        assertThat(
                        run(
                                o -> {
                                    throw (IOException) new AccessDeniedException("out/x.json");
                                },
                                "f"))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains("Main: COUNT is too large\nusage: Main FILE")
                .contains("Main: t.csv:3: oops\n")
                .contains("Main: java.nio.file.AccessDeniedException: out/x.json\n");
    }
}
