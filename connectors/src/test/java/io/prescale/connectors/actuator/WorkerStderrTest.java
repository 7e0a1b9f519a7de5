package io.prescale.connectors.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The end of a real worker's stderr. */
class WorkerStderrTest {
    private static final Duration ROOMY = Duration.ofSeconds(5);

    private static String lastLines(String script) throws Exception {
        Process p = WorkerLifecycle.start(List.of("sh", "-c", script), null);
        WorkerStderr stderr = WorkerStderr.follow(p);
        assertThat(p.waitFor(10, TimeUnit.SECONDS))
                .as("the worker never blocks on stderr")
                .isTrue();
        return stderr.lastLines(ROOMY);
    }

    @Test
    void theLastThreeLinesAreShown() throws Exception {
        assertThat(lastLines("printf 'one\\ntwo\\n\\nthree\\nfour\\n' >&2"))
                .isEqualTo("two / three / four");
    }

    /** 200 kB, more than a pipe holds: drained as it comes, only the end kept. */
    @Test
    void aChattyWorkerIsDrainedAndOnlyItsEndKept() throws Exception {
        String line = "a line of 60 bytes ..........................................";

        assertThat(
                        lastLines(
                                "i=0; while [ $i -lt 3300 ]; do echo '"
                                        + line
                                        + "' >&2; i=$((i+1)); done; echo last >&2"))
                .isEqualTo(line + " / " + line + " / last");
    }

    /** A line longer than what is kept is shown cut, from its end. */
    @Test
    void aLineLongerThanWhatIsKeptIsCut() throws Exception {
        String shown = lastLines("head -c 100000 /dev/zero | tr '\\0' x >&2; echo ' end' >&2");

        assertThat(shown).startsWith("...xxx").endsWith("xxx end");
        assertThat(shown).hasSize("...".length() + WorkerStderr.KEPT_BYTES - 1);
    }

    @Test
    void aWorkerThatWroteNothingSaysSo() throws Exception {
        assertThat(lastLines("exit 0")).isEqualTo("(no stderr)");
    }
}
