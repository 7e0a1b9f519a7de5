package io.prescale.connectors.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prescale.model.JsonCodec;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract against a real local HTTP server that checks the signature, accepts {@code
 * replicas}/{@code replicas} and holds the target per entity; plus status and timeout handling.
 */
class WebhookBackendContractTest extends ActuatorBackendContractTest {
    private static final String SECRET = "s3cret";

    private HttpServer server;
    private final Map<String, Double> state = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int forcedStatus;
    private volatile boolean hang;
    private volatile String responseBody;
    private volatile String forcedBody = "forced";
    private volatile String forcedLocation = "http://elsewhere/actuate";
    private volatile byte[] lastBody;
    private volatile String lastAuthorization;
    private volatile String lastUpgrade;
    private volatile String lastProtocol;

    /** An answer of 200 whose body never ends, or that comes a byte at a time. */
    private enum Stream {
        NONE,
        ENDLESS,
        DRIP
    }

    private volatile Stream stream = Stream.NONE;

    @Override
    protected ActuatorBackend createBackend(String entity) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/actuate", this::handle);
        server.start();
        return backendWithSecret(SECRET, ROOMY_TIMEOUT);
    }

    /** Generous, so that a loaded build machine does not turn a slow answer into a timeout. */
    private static final Duration ROOMY_TIMEOUT = Duration.ofSeconds(5);

    private WebhookBackend backendWithSecret(String secret, Duration requestTimeout) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/actuate");
        return new WebhookBackend(
                new WebhookConfig(url, secret, Duration.ofSeconds(2), requestTimeout));
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        lastAuthorization = ex.getRequestHeaders().getFirst("Authorization");
        lastUpgrade = ex.getRequestHeaders().getFirst("Upgrade");
        lastProtocol = ex.getProtocol();
        if (stream != Stream.NONE) {
            streamAnswer(ex);
            return;
        }
        String signature = ex.getRequestHeaders().getFirst(WebhookBackend.SIGNATURE_HEADER);
        if (hang) {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!("sha256=" + WebhookBackend.sign(SECRET, body)).equals(signature)) {
            respond(ex, 401, "bad signature");
            return;
        }
        if (forcedStatus != 0) {
            if (forcedStatus / 100 == 3) {
                ex.getResponseHeaders().add("Location", forcedLocation);
            }
            respond(ex, forcedStatus, forcedBody);
            return;
        }
        lastBody = body;
        ObjectNode json = (ObjectNode) JsonCodec.readObject(body, "body");
        json.remove(List.of("shadow", "pool")); // what a receiver reads of a shadow's command
        ScaleCommand c =
                JsonCodec.decode(
                        json.toString().getBytes(StandardCharsets.UTF_8), ScaleCommand.class);
        if (!c.resource().equals("replicas")) {
            respond(ex, 400, "resource '" + c.resource() + "' is unknown");
        } else if (!c.unit().equals("replicas")) {
            respond(ex, 400, "unit '" + c.unit() + "' is not replicas");
        } else {
            state.put(c.entity(), c.targetAmount());
            respond(ex, 200, responseBody != null ? responseBody : "");
        }
    }

    /** Streams 64 KiB chunks until the client stops reading, or 60 bytes 200 ms apart. */
    private void streamAnswer(HttpExchange ex) throws IOException {
        boolean endless = stream == Stream.ENDLESS;
        ex.sendResponseHeaders(200, endless ? 0 : 60);
        byte[] chunk = new byte[endless ? 64 * 1024 : 1];
        java.util.Arrays.fill(chunk, (byte) '{');
        try (var out = ex.getResponseBody()) {
            for (int i = 0; endless ? i < 100_000 : i < 60; i++) {
                out.write(chunk);
                out.flush();
                if (!endless) {
                    release.await(200, TimeUnit.MILLISECONDS);
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client stopped reading: what the test expects
        }
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    /** The receiver forgets what it ran for the entity (the backend itself holds nothing). */
    @Override
    protected void loseState(String entity) {
        state.remove(entity);
    }

    @Override
    protected double observed(String entity) {
        return state.getOrDefault(entity, 0.0);
    }

    @Override
    protected void assertReleased(String entity) {
        // The backend holds nothing remote; the receiver keeps what it applied.
        assertThat(state).containsEntry(entity, 2.0);
    }

    /**
     * A receiver can tell a pool's pre-warmed capacity from an entity: the shadow's body says
     * {@code "shadow": true} and names the pool (signed like any other); an entity's body is the
     * command record, decodable as one. The shadow's body was a plain command of an entity named
     * {@code shadow:gpu}.
     */
    @Test
    void aShadowCommandsBodySaysItIsShadowCapacityAndNamesThePool() throws Exception {
        backend.apply(command(ScaleCommand.SHADOW_PREFIX + "gpu", ScaleAction.PREWARM, 3));

        JsonNode shadow = JsonCodec.readObject(lastBody, "body");
        assertThat(shadow.get("shadow").booleanValue()).isTrue();
        assertThat(shadow.get("pool").textValue()).isEqualTo("gpu");
        assertThat(shadow.get("entity").textValue()).isEqualTo("shadow:gpu");
        assertThat(shadow.get("action").textValue()).isEqualTo("PREWARM");
        assertThat(state).containsEntry("shadow:gpu", 3.0);

        backend.apply(command(ScaleAction.SCALE_UP, 2));

        assertThat(JsonCodec.readObject(lastBody, "body").has("shadow")).isFalse();
        assertThat(JsonCodec.decode(lastBody, ScaleCommand.class).entity()).isEqualTo(entity);
    }

    @Test
    void appliedAmountComesFromTheJsonResponseWhenPresent() throws Exception {
        responseBody = "{\"appliedAmount\": 2.5}";

        assertThat(backend.apply(command(ScaleAction.SCALE_UP, 4)).appliedAmount()).isEqualTo(2.5);
    }

    @Test
    void anAppliedAmountThatIsNotANumberAtLeastZeroFailsTheCommand() {
        for (String bad : new String[] {"-1", "\"2\"", "null", "[2]", "1e400", "1e300", "2e18"}) {
            responseBody = "{\"appliedAmount\": " + bad + "}";

            assertThatThrownBy(() -> backend.apply(command(ScaleAction.SCALE_UP, 4)), bad)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("appliedAmount")
                    .hasMessageContaining("HTTP 200");
        }
        // a number is said unquoted (the ninetieth tester's 1e400 read '"Infinity"', a string)
        responseBody = "{\"appliedAmount\": 1e400}";
        assertThatThrownBy(() -> backend.apply(command(ScaleAction.SCALE_UP, 4)))
                .hasMessageContaining("appliedAmount Infinity is not a number from 0 to 1e18");
        responseBody = "{\"appliedAmount\": \"2\"}";
        assertThatThrownBy(() -> backend.apply(command(ScaleAction.SCALE_UP, 4)))
                .hasMessageContaining("appliedAmount \"2\" is not a number from 0 to 1e18");
    }

    /**
     * The tester's {@code {not json}} came back APPLIED at the target, as plain text does, though
     * the receiver meant to say something the actuator could not read.
     */
    @Test
    void aBodyThatStartsWithABraceButIsNotOneJsonObjectFailsTheCommandSayingWhy() {
        Map<String, String> said =
                Map.of(
                        "{not json", "was expecting double-quote to start field name (line 1,",
                        " {\"appliedAmount\": 2", "end-of-input",
                        "{\"appliedAmount\": 2} {}", "content after the answer object",
                        "{\"appliedAmount\": 2, \"appliedAmount\": 3}", "Duplicate field");
        said.forEach(
                (body, why) -> {
                    responseBody = body;

                    assertThatThrownBy(() -> backend.apply(command(ScaleAction.SCALE_UP, 4)), body)
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageStartingWith(
                                    "the receiver's answer starts with '{' but is not one JSON"
                                            + " object: ")
                            .hasMessageContaining(why)
                            .hasMessageContaining("the amount in force is unknown")
                            .hasMessageEndingWith("(webhook: HTTP 200: " + body + ")")
                            .hasMessageNotContaining("Source");
                });
    }

    @Test
    void aPlainOrEmptyAcknowledgementAppliesTheTarget() throws Exception {
        for (String ok :
                new String[] {"", "OK", "accepted {4}", "[2]", "{\"status\": \"done\"}", "{}"}) {
            responseBody = ok;

            assertThat(backend.apply(command(ScaleAction.SCALE_UP, 4)).appliedAmount())
                    .as(ok)
                    .isEqualTo(4);
        }
    }

    @Test
    void aLongRefusalIsShortenedInTheMessage() {
        forcedStatus = 422;
        forcedBody = "x".repeat(5000);

        assertThatThrownBy(() -> backend.apply(command(ScaleAction.SCALE_UP, 1)))
                .isInstanceOf(RejectedCommandException.class)
                .hasMessageContaining("422")
                .hasMessageContaining("(the first 300 of 5000 characters)")
                .message()
                .hasSizeLessThan(WebhookBackend.BODY_SHOWN + 100);
    }

    /** 5xx, and 429 (a gateway's rate limit, rejected at once before a tester's report). */
    @Test
    void serverErrorsAndTooManyRequestsAreTransientAndRetried() {
        for (int status : new int[] {503, 429}) {
            forcedStatus = status;

            assertThatThrownBy(() -> backend.apply(command(ScaleAction.SCALE_UP, 1)))
                    .isInstanceOfSatisfying(
                            TransientBackendException.class,
                            e -> assertThat(e.retryable()).isTrue())
                    .hasMessageContaining("HTTP " + status);
        }
    }

    /** No request asks to upgrade to HTTP/2 (h2c), which some proxies before a receiver refuse. */
    @Test
    void aRequestIsPlainHttp11WithoutAnUpgrade() throws Exception {
        backend.apply(command(ScaleAction.SCALE_UP, 1));

        assertThat(lastUpgrade).isNull();
        assertThat(lastProtocol).isEqualTo("HTTP/1.1");
    }

    @Test
    void clientErrorIsRejected() {
        forcedStatus = 409;

        assertThatThrownBy(() -> backend.apply(command(ScaleAction.SCALE_UP, 1)))
                .isInstanceOf(RejectedCommandException.class)
                .hasMessageContaining("409");
    }

    /** A redirect is not followed, and says where it pointed (a tester's 302 said "moved"). */
    @Test
    void aRedirectIsRejectedNamingWhereItPoints() {
        forcedStatus = 302;

        assertThatThrownBy(() -> backend.apply(command(ScaleAction.SCALE_UP, 1)))
                .isInstanceOf(RejectedCommandException.class)
                .hasMessageContaining("HTTP 302")
                .hasMessageContaining(
                        "redirects are not followed: give actuator.webhook.url the receiver's own"
                                + " URL, Location: http://elsewhere/actuate");
    }

    /**
     * What a receiver answers is carried without its secrets and control characters: a Location's
     * password and query values (the actuator hides its own URL's), a body's line breaks (a
     * tester's made a log line of their own and went raw to the results).
     */
    @Test
    void aRefusalCarriesNoCredentialsNorRawLineBreaksOfTheReceiver() {
        forcedStatus = 307;
        forcedLocation = "http://alice:hunter2@elsewhere/x?token=t0k";
        assertThatThrownBy(() -> backend.apply(command(ScaleAction.SCALE_UP, 1)))
                .hasMessageContaining("Location: http://elsewhere/x?token=***)")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("t0k");

        forcedStatus = 418;
        forcedBody = "line1\nWARN injected\r\nmore";
        assertThatThrownBy(() -> backend.apply(command(ScaleAction.SCALE_UP, 1)))
                .hasMessageEndingWith("HTTP 418: line1\\nWARN injected?\\nmore");
    }

    /**
     * https to a plain-http port (which answers the TLS hello with a plain HTTP 400, as a tester's
     * receiver did) fails its handshake at every try: failed, not retried.
     */
    @Test
    void aTlsHandshakeThatFailsIsNotRetried() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answering =
                    new Thread(
                            () -> {
                                try (Socket s = plain.accept()) {
                                    s.getOutputStream()
                                            .write(
                                                    "HTTP/1.1 400 Bad Request\r\n\r\n"
                                                            .getBytes(StandardCharsets.US_ASCII));
                                    // open until the client gives up: a close first can reach it
                                    // as a reset before the bytes, not as a failed handshake
                                    s.getInputStream().readAllBytes();
                                } catch (IOException e) {
                                    // the test has ended
                                }
                            });
            answering.start();
            URI https = URI.create("https://127.0.0.1:" + plain.getLocalPort() + "/actuate");
            try (WebhookBackend tls =
                    new WebhookBackend(
                            new WebhookConfig(
                                    https, SECRET, Duration.ofSeconds(2), ROOMY_TIMEOUT))) {
                assertThatThrownBy(() -> tls.apply(command(ScaleAction.SCALE_UP, 1)))
                        .isInstanceOfSatisfying(
                                TransientBackendException.class,
                                e -> assertThat(e.retryable()).isFalse())
                        .hasMessageContaining("SSL")
                        .hasMessageEndingWith("; not retried");
            }
            answering.join(5_000);
        }
    }

    @Test
    void wrongSecretIsRejectedByTheReceiver() {
        try (WebhookBackend wrong = backendWithSecret("other", ROOMY_TIMEOUT)) {
            assertThatThrownBy(() -> wrong.apply(command(ScaleAction.SCALE_UP, 1)))
                    .isInstanceOf(RejectedCommandException.class)
                    .hasMessageContaining("401");
        }
        assertThat(state).isEmpty();
    }

    /**
     * Transient, but not retried: the tester's receiver that slept 60 s cost 4 tries of 10 s per
     * command, while every other entity's commands waited.
     */
    @Test
    void noAnswerWithinTheReadTimeoutIsTransientButNotRetried() {
        hang = true;

        try (WebhookBackend impatient = backendWithSecret(SECRET, Duration.ofMillis(300))) {
            assertThatThrownBy(() -> impatient.apply(command(ScaleAction.SCALE_UP, 1)))
                    .isInstanceOfSatisfying(
                            TransientBackendException.class,
                            e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining(
                            ": no answer within 300 ms (actuator.webhook.read-timeout); not"
                                    + " retried");
        }
    }

    /**
     * The twenty-eighth tester's receiver answered 200 with a body that never ended: the actuator
     * buffered it until the heap ran out. At most 64 KiB are read; the amount in force is then
     * unknown and the command fails, at once.
     */
    @Test
    void anEndlessAnswerIsReadOnlyToItsBoundAndFailsTheCommand() {
        stream = Stream.ENDLESS;

        assertThatThrownBy(() -> backend.apply(command(ScaleAction.SCALE_UP, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("answer is longer than 65536 bytes (not read further)")
                .hasMessageContaining("(the first 300 of more than 65536 bytes)");
    }

    /**
     * A receiver that sent its headers, then a byte every 200 ms, held a command for as long as it
     * dripped (the tester's: a minute under a read timeout of 5 s). The whole answer must come
     * within the connect timeout plus the read timeout; it is not retried, as a hanging one is not.
     */
    @Test
    void anAnswerThatDripsIsCutAtTheConnectPlusReadTimeout() {
        stream = Stream.DRIP;

        try (WebhookBackend impatient = backendWithSecret(SECRET, Duration.ofMillis(300))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> impatient.apply(command(ScaleAction.SCALE_UP, 1)))
                    .isInstanceOfSatisfying(
                            TransientBackendException.class,
                            e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining(
                            ": no whole answer within 2300 ms"
                                    + " (actuator.webhook.connect-timeout + read-timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofSeconds(8));
        }
    }

    /**
     * The twenty-eighth tester's URL with a user and password reached the receiver without them:
     * one that needed Basic authentication refused every command. They are sent as the {@code
     * Authorization} header, and no message names them.
     */
    @Test
    void aUserAndPasswordInTheUrlAreSentAsBasicAuthenticationAndNamedNowhere() throws Exception {
        int port = server.getAddress().getPort();
        URI url =
                URI.create("http://hook%40user:s3cr3t%3Apw@127.0.0.1:" + port + "/actuate?t=a%26b");
        try (WebhookBackend withUser =
                new WebhookBackend(
                        new WebhookConfig(url, SECRET, Duration.ofSeconds(2), ROOMY_TIMEOUT))) {
            withUser.apply(command(ScaleAction.SCALE_UP, 2));
            assertThat(lastAuthorization)
                    .isEqualTo(
                            "Basic "
                                    + java.util.Base64.getEncoder()
                                            .encodeToString(
                                                    "hook@user:s3cr3t:pw"
                                                            .getBytes(StandardCharsets.UTF_8)));
        }
        server.stop(0); // nobody listens: the failure names the URL
        try (WebhookBackend withUser =
                new WebhookBackend(
                        new WebhookConfig(url, SECRET, Duration.ofSeconds(2), ROOMY_TIMEOUT))) {
            assertThatThrownBy(() -> withUser.apply(command(ScaleAction.SCALE_UP, 3)))
                    .hasMessageContaining("POST http://127.0.0.1:" + port + "/actuate?t=***")
                    .message()
                    .doesNotContain("s3cr3t")
                    .doesNotContain("hook%40user")
                    .doesNotContain("hook@user");
        }
    }

    /**
     * A listener whose backlog is full (it never accepts) lets no connection be made: the command
     * never reached it, so the failure is retried.
     */
    @Test
    void aConnectionNotMadeWithinTheConnectTimeoutIsRetried() throws IOException {
        List<Socket> filling = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 4; i++) {
                Socket s = new Socket();
                try {
                    s.connect(full.getLocalSocketAddress(), 200);
                } catch (IOException e) {
                    s.close();
                    break; // the backlog is full
                }
                filling.add(s);
            }
            URI url = URI.create("http://127.0.0.1:" + full.getLocalPort() + "/actuate");
            try (WebhookBackend nobody =
                    new WebhookBackend(
                            new WebhookConfig(
                                    url, SECRET, Duration.ofMillis(300), ROOMY_TIMEOUT))) {
                assertThatThrownBy(() -> nobody.apply(command(ScaleAction.SCALE_UP, 1)))
                        .isInstanceOfSatisfying(
                                TransientBackendException.class,
                                e -> assertThat(e.retryable()).isTrue())
                        .hasMessage(
                                "webhook: POST "
                                        + url
                                        + ": no connection within 300 ms"
                                        + " (actuator.webhook.connect-timeout)");
            }
        } finally {
            for (Socket s : filling) {
                s.close();
            }
        }
    }

    /** Its message named neither: "webhook: java.net.ConnectException". */
    @Test
    void aConnectionFailureNamesTheUrlAndWhatFailed() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + closedPort + "/actuate");

        try (WebhookBackend nobody =
                new WebhookBackend(
                        new WebhookConfig(url, SECRET, Duration.ofSeconds(2), ROOMY_TIMEOUT))) {
            assertThatThrownBy(() -> nobody.apply(command(ScaleAction.SCALE_UP, 1)))
                    .isInstanceOfSatisfying(
                            TransientBackendException.class,
                            e -> assertThat(e.retryable()).isTrue())
                    .hasMessageStartingWith("webhook: POST " + url + " failed: ")
                    .hasMessageContaining("ConnectException");
        }
    }
}
