package io.prescale.connectors.actuator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.connectors.Urls;
import io.prescale.model.InvalidRecordException;
import io.prescale.model.JsonCodec;
import io.prescale.model.ParserConfig;
import io.prescale.model.ScaleCommand;
import io.prescale.model.Shown;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLException;
import org.apache.flink.util.TimeUtils;

/**
 * POSTs each command as JSON ({@link JsonCodec#encode}) to a URL, signed with header {@code
 * X-Prescale-Signature: sha256=<hex HMAC-SHA256(secret, body)>}. The command of a pool's shadow
 * entity ({@link ScaleCommand#SHADOW_PREFIX}{@code <pool>}, its pre-warmed capacity, to keep
 * running unassigned) also carries {@code "shadow": true} and {@code "pool": "<pool>"}; any other
 * command's body is the record as on the commands topic, unchanged.
 *
 * <p>2xx is applied, at {@code appliedAmount} from a JSON object body if it has one, else at the
 * command's target (an empty or plain-text body is no answer); a body that starts with a brace but
 * is not one JSON object, or an {@code appliedAmount} that is not a number from 0 to 10¹⁸, fails
 * the command (the amount in force is then unknown). 5xx, 429, a connection that fails or times out
 * and other I/O errors are transient and retried; no answer within the read timeout is transient
 * but not retried (a receiver that hangs would cost the whole timeout again, while the actuator's
 * other commands wait); any other status (4xx) is a rejection carrying the response body (its first
 * {@value #BODY_SHOWN} characters). The receiver decides which resources and units it accepts.
 *
 * <p>A receiver's answer is bounded: at most {@value #MAX_BODY_BYTES} bytes of its body are read
 * ({@link CappedBody}; a 2xx answer cut there leaves the amount in force unknown and fails the
 * command), and the whole exchange, body included, must end within the connect timeout plus the
 * read timeout (a receiver that sent its headers and then one byte a second held a command for a
 * minute under a read timeout of 5 s; its answer is then not retried, as a hanging one is not).
 */
public final class WebhookBackend implements ActuatorBackend {
    public static final String SIGNATURE_HEADER = "X-Prescale-Signature";
    static final int BODY_SHOWN = 300;

    private static final int TOO_MANY_REQUESTS = 429;

    /** The most of an answer's body read. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final WebhookConfig config;
    private final HttpClient client;

    /** The URL without the {@code user:password@} it may hold, POSTed to and named in messages. */
    private final URI target;

    /** {@link #target} as messages name it, without its query's values ({@link Urls#shown}). */
    private final String shownTarget;

    /** {@code Basic ...} from the URL's user and password, or null when it has none. */
    private final String authorization;

    public WebhookBackend(WebhookConfig config) {
        this.config = config;
        // HTTP/1.1: the client's default asks a plain-http receiver to upgrade to h2c on every
        // POST (Connection: Upgrade, HTTP2-Settings), which some proxies in front of one refuse
        this.client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(config.connectTimeout())
                        .build();
        this.target = withoutUserInfo(config.url());
        this.shownTarget = Urls.shown(target.toString());
        String user = config.url().getUserInfo();
        this.authorization =
                user == null
                        ? null
                        : "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(user.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code url} without its user information: the HTTP client sends none of it (a tester's
     * receiver that needed Basic authentication refused every command), so it goes in the {@code
     * Authorization} header instead, and never into a message.
     */
    static URI withoutUserInfo(URI url) {
        if (url.getRawUserInfo() == null) {
            return url;
        }
        // from the raw parts: an escaped character of the path or query stays as it was written
        String authority = url.getRawAuthority();
        return URI.create(
                url.getScheme()
                        + "://"
                        + authority.substring(authority.lastIndexOf('@') + 1)
                        + (url.getRawPath() == null ? "" : url.getRawPath())
                        + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery())
                        + (url.getRawFragment() == null ? "" : "#" + url.getRawFragment()));
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public BackendResponse apply(ScaleCommand c)
            throws TransientBackendException, RejectedCommandException {
        byte[] body = body(c);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(target)
                        .timeout(config.readTimeout())
                        .header("Content-Type", "application/json")
                        .header(SIGNATURE_HEADER, "sha256=" + sign(config.secret(), body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<CappedBody.Body> response = send(request.build());
        int status = response.statusCode();
        String said = shown(response.body());
        String answer = "webhook: HTTP " + status + (said.isEmpty() ? "" : ": " + said);
        if (response.body().cut() && status >= 200 && status < 300) {
            throw unknownAmount(
                    "answer is longer than " + MAX_BODY_BYTES + " bytes (not read further)",
                    answer);
        }
        if (status >= 500 || status == TOO_MANY_REQUESTS) {
            // a gateway's rate limit passes, as the kubernetes backend's 429 does: retried
            throw new TransientBackendException(answer);
        }
        if (status >= 300 && status < 400) {
            throw new RejectedCommandException(
                    answer
                            + " (redirects are not followed: give actuator.webhook.url the"
                            + " receiver's own URL"
                            + response.headers()
                                    .firstValue("Location")
                                    .map(l -> ", Location: " + Urls.shown(Shown.escaped(l)))
                                    .orElse("")
                            + ")");
        }
        if (status < 200 || status >= 300) {
            throw new RejectedCommandException(answer);
        }
        return new BackendResponse(
                appliedAmount(response.body().text(), c.targetAmount(), answer), "HTTP " + status);
    }

    /**
     * Sends {@code request}, its body read up to {@value #MAX_BODY_BYTES} bytes, the exchange ended
     * within the connect timeout plus the read timeout.
     */
    private HttpResponse<CappedBody.Body> send(HttpRequest request)
            throws TransientBackendException {
        CappedBody body = new CappedBody(MAX_BODY_BYTES);
        CompletableFuture<HttpResponse<CappedBody.Body>> exchange =
                client.sendAsync(request, info -> body);
        Duration deadline = config.connectTimeout().plus(config.readTimeout());
        try {
            return exchange.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            body.cancel();
            exchange.cancel(true);
            throw TransientBackendException.notRetried(
                    "webhook: POST "
                            + shownTarget
                            + ": no whole answer within "
                            + TimeUtils.formatWithHighestUnit(deadline)
                            + " (actuator.webhook.connect-timeout + read-timeout; the receiver"
                            + " answered too slowly); not retried: each try of a receiver that"
                            + " hangs holds up the commands of every entity",
                    e);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new TransientBackendException("webhook: interrupted", e);
        } catch (ExecutionException e) {
            throw failed(
                    e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
        }
    }

    /**
     * What a failed exchange means, retried or not, and why: by the first of its causes that says
     * (the asynchronous exchange can wrap what the blocking one threw).
     */
    private TransientBackendException failed(IOException e) {
        if (causedBy(e, HttpConnectTimeoutException.class)) {
            return new TransientBackendException(
                    "webhook: POST "
                            + shownTarget
                            + ": no connection within "
                            + TimeUtils.formatWithHighestUnit(config.connectTimeout())
                            + " (actuator.webhook.connect-timeout)",
                    e);
        }
        if (causedBy(e, HttpTimeoutException.class)) {
            return TransientBackendException.notRetried(
                    "webhook: POST "
                            + shownTarget
                            + ": no answer within "
                            + TimeUtils.formatWithHighestUnit(config.readTimeout())
                            + " (actuator.webhook.read-timeout); not retried: each try of a receiver"
                            + " that hangs holds up the commands of every entity",
                    e);
        }
        SSLException tls = cause(e, SSLException.class);
        if (tls != null) {
            // a TLS handshake that fails (https to a plain-http port, a certificate refused)
            // fails the same way at every try
            return TransientBackendException.notRetried(
                    "webhook: POST " + shownTarget + " failed: " + describe(tls) + "; not retried",
                    e);
        }
        return new TransientBackendException(
                "webhook: POST " + shownTarget + " failed: " + describe(e), e);
    }

    /** The command's JSON, marked {@code "shadow": true} with its pool for a shadow entity. */
    static byte[] body(ScaleCommand c) {
        byte[] record = JsonCodec.encode(c);
        String pool = ScaleCommand.shadowPool(c.entity());
        if (pool == null) {
            return record;
        }
        ObjectNode marked = (ObjectNode) JsonCodec.readObject(record, "ScaleCommand");
        marked.put("shadow", true);
        marked.put("pool", pool);
        return marked.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        return cause(t, type) != null;
    }

    /** The first of {@code t}'s causes (itself included) of {@code type}, or null. */
    private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    /**
     * The first message in {@code e}'s causes: the HTTP client's {@link ConnectException} of a
     * refused connection has none, nor has its cause.
     */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getName() + ": " + t.getMessage();
            }
        }
        return e instanceof ConnectException
                ? "cannot connect (" + e.getClass().getName() + "; is the receiver listening?)"
                : e.getClass().getName();
    }

    private static String shown(CappedBody.Body body) {
        // a line break in it made a log line of its own, and went raw to the results
        String text = Shown.escaped(body.text());
        if (text.length() <= BODY_SHOWN && !body.cut()) {
            return text;
        }
        return text.substring(0, Math.min(BODY_SHOWN, text.length()))
                + "... (the first "
                + BODY_SHOWN
                + " of "
                + (body.cut()
                        ? "more than " + MAX_BODY_BYTES + " bytes"
                        : text.length() + " characters")
                + ")";
    }

    /** Lower-case hex HMAC-SHA256 of {@code body} keyed with {@code secret} (UTF-8). */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            StringBuilder hex = new StringBuilder();
            for (byte b : mac.doFinal(body)) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * The body's {@code appliedAmount}, or {@code fallback} when the body is no answer: empty,
     * plain text (not starting with a brace), or a JSON object without the field. A body that
     * starts with a brace but is not one JSON object, or whose {@code appliedAmount} is not a
     * number from 0 to 10¹⁸ (the scaling job's ledger refuses larger amounts), leaves the amount in
     * force unknown and fails the command.
     */
    private static double appliedAmount(String body, double fallback, String answer) {
        if (body == null || !body.stripLeading().startsWith("{")) {
            return fallback;
        }
        JsonNode amount;
        try {
            amount =
                    JsonCodec.readObject(body.getBytes(StandardCharsets.UTF_8), "answer")
                            .get("appliedAmount");
        } catch (InvalidRecordException e) {
            throw unknownAmount(
                    "answer starts with '{' but is not one JSON object: " + e.getMessage(), answer);
        }
        if (amount == null) {
            return fallback;
        }
        // the scaling job's ledger refuses an amount above 1e18 as it refuses any such amount
        if (amount.isNumber()
                && amount.asDouble() >= 0
                && amount.asDouble() <= ParserConfig.VALUE_BOUND) {
            return amount.asDouble();
        }
        // a number unquoted (1e400 reads as Infinity, which JSON text would quote), else as sent
        String shown = amount.isNumber() ? amount.asText() : amount.toString();
        throw unknownAmount("appliedAmount " + shown + " is not a number from 0 to 1e18", answer);
    }

    private static IllegalStateException unknownAmount(String what, String answer) {
        return new IllegalStateException(
                "the receiver's " + what + ", so the amount in force is unknown (" + answer + ")");
    }

    @Override
    public void close() {
        // HttpClient of JDK 17 holds no resources that need an explicit close.
    }
}
