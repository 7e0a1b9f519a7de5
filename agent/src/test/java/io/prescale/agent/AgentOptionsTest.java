package io.prescale.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class AgentOptionsTest {

    private static AgentConfig config(String... args) {
        AgentMain main = new AgentMain();
        new CommandLine(main).parseArgs(args);
        return main.options.toConfig();
    }

    @Test
    void defaults() {
        AgentConfig c = config("--bootstrap", "localhost:9092");
        assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(c.topic()).isEqualTo("prescale.metrics");
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.entityBy()).isEqualTo(EntityBy.HOST);
        assertThat(c.tenant()).isNull();
        assertThat(c.count()).isZero();
    }

    @Test
    void everyOption() {
        AgentConfig c =
                config(
                        "--bootstrap", "localhost:9092,127.0.0.1:9093",
                        "--topic", "m.x",
                        "--interval", "500ms",
                        "--entity-by", "PROCESS",
                        "--match", "^java$",
                        "--tenant", "acme",
                        "--count", "3");
        assertThat(c.bootstrapServers()).isEqualTo("localhost:9092,127.0.0.1:9093");
        assertThat(c.interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.entityBy()).isEqualTo(EntityBy.PROCESS);
        assertThat(c.match().matcher("java").find()).isTrue();
        assertThat(c.match().matcher("javac").find()).isFalse();
        assertThat(c.tenant()).isEqualTo("acme");
        assertThat(c.count()).isEqualTo(3);
        assertThat(config("--bootstrap", "127.0.0.1:1", "--entity", "web-7").entity())
                .isEqualTo("web-7");
        assertThat(config("--bootstrap", "127.0.0.1:1").entity()).isNull();
        assertThat(config("--bootstrap", "127.0.0.1:1", "--interval", "P1D").interval())
                .isEqualTo(Duration.ofDays(1));
        assertThat(config("--bootstrap", "127.0.0.1:1", "--interval", "PT1M").interval())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--bootstrap|localhost|--bootstrap",
                "--bootstrap|host:99999|--bootstrap",
                "--bootstrap|no-such-host.invalid:9092|--bootstrap no-such-host.invalid:9092 cannot"
                        + " be used: No resolvable bootstrap urls",
                "--interval|ten|--interval",
                "--interval|10ms|--interval",
                "--interval|200h|--interval must be at most 24h",
                "--entity|' '|--entity",
                "--entity-by|container|--entity-by",
                "--match|(|--match",
                "--count|-1|--count",
                "--tenant|' '|--tenant",
                "--topic|bad topic|--topic",
            })
    void badArgumentsExitTwoNamingTheOption(String option, String value, String named) {
        String[] args =
                option.equals("--bootstrap")
                        ? new String[] {option, value}
                        : option.equals("--match")
                                ? new String[] {
                                    "--bootstrap",
                                    "127.0.0.1:1",
                                    "--entity-by",
                                    "process",
                                    option,
                                    value
                                }
                                : new String[] {"--bootstrap", "127.0.0.1:1", option, value};
        StringWriter err = new StringWriter();
        int code = new CommandLine(new AgentMain()).setErr(new PrintWriter(err)).execute(args);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(named);
    }

    @Test
    void missingBootstrapAndMatchWithoutProcessAreRejected() {
        StringWriter err = new StringWriter();
        assertThat(new CommandLine(new AgentMain()).setErr(new PrintWriter(err)).execute())
                .isEqualTo(2);
        assertThat(err.toString()).contains("--bootstrap");
        StringWriter err2 = new StringWriter();
        assertThat(
                        new CommandLine(new AgentMain())
                                .setErr(new PrintWriter(err2))
                                .execute("--bootstrap", "127.0.0.1:1", "--match", "java"))
                .isEqualTo(2);
        assertThat(err2.toString()).contains("--match");
    }
}
