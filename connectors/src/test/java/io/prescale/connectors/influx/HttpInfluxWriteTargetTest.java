package io.prescale.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.prescale.connectors.Urls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP target says when no InfluxDB answers: a closed port, not a refused database; and
 * how it sends a user and password given in the URL.
 */
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

    /**
     * A host name that does not resolve is an outage like a server that does not answer (the sink
     * keeps the points and retries): it failed the sink's task as the client was made, and the job
     * restarted without end (the fifty-seventh tester).
     */
    @Test
    void aHostThatDoesNotResolveIsAnOutageNamedWithoutTheCredentials() {
        try (HttpInfluxWriteTarget target =
                new HttpInfluxWriteTarget(
                        InfluxSinkConfig.of(
                                "http://writer:s3cr3t@no-such-host.invalid:8086", "t9"))) {
            assertThatThrownBy(() -> target.open("t9"))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith(
                            "InfluxDB at http://no-such-host.invalid:8086 cannot be reached"
                                    + " (UnknownHostException: ")
                    .hasMessageNotContaining("s3cr3t")
                    .hasNoCause();
            assertThatThrownBy(() -> target.write("t9", List.of("m v=1 1")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot be reached");
        }
    }

    /**
     * The twenty-eighth tester's {@code http://user:password@host:8086} printed the password at
     * start-up, and the client sent none of it (an InfluxDB with authentication would refuse every
     * write): the user and password go to the server as Basic authentication, and no message names
     * them.
     */
    @Test
    void aUserAndPasswordInTheUrlAreSentToTheServerAndNamedNowhere() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                ex -> {
                    ex.getRequestBody().readAllBytes();
                    authorizations.add(
                            ex.getRequestURI().getPath()
                                    + " "
                                    + ex.getRequestHeaders().getFirst("Authorization"));
                    ex.sendResponseHeaders(503, -1);
                    ex.close();
                });
        server.start();
        String url = "http://writer:s3cr3t@127.0.0.1:" + server.getAddress().getPort();
        try (HttpInfluxWriteTarget target =
                new HttpInfluxWriteTarget(InfluxSinkConfig.of(url, "t9"))) {
            assertThatThrownBy(() -> target.write("t9", List.of("m v=1 1")))
                    .isInstanceOf(IOException.class)
                    .message()
                    .doesNotContain("s3cr3t");
        } finally {
            server.stop(0);
        }
        String basic =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString("writer:s3cr3t".getBytes(StandardCharsets.UTF_8));
        assertThat(authorizations).isNotEmpty().allMatch(a -> a.endsWith(" " + basic));
        assertThat(Urls.shown(url)).doesNotContain("s3cr3t").doesNotContain("writer");
    }
}
