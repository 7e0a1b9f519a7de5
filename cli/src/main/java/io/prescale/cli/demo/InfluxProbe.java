package io.prescale.cli.demo;

import io.prescale.connectors.Urls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Finds the InfluxDB the demo writes to: the {@code --influx} URL when given (it must answer), else
 * {@code PRESCALE_INFLUX_URL}, else the local one {@code prescale infra up} starts, {@code
 * http://127.0.0.1:8086} or the port {@code PRESCALE_INFLUX_PORT} gives it, when it answers {@code
 * /ping}; else none.
 */
public final class InfluxProbe {

    private InfluxProbe() {}

    /**
     * Refuses an {@code --influx} that is not an http or https URL with a host, before anything is
     * asked of it: {@code notaurl} would otherwise be said not to answer at {@code notaurl/ping}.
     *
     * @throws IllegalArgumentException naming the option and the value
     */
    public static void requireHttpUrl(String url) {
        Urls.requireBase("--influx", url, "http://127.0.0.1:8086");
    }

    /**
     * @param explicit the {@code --influx} URL, or null
     * @throws IllegalArgumentException when {@code explicit} does not answer {@code /ping}
     */
    public static Optional<String> find(String explicit) {
        if (explicit != null) {
            if (!answers(explicit)) {
                throw new IllegalArgumentException(
                        "--influx "
                                + Urls.shown(explicit)
                                + ": no InfluxDB answers "
                                + Urls.shown(ping(explicit)));
            }
            return Optional.of(explicit);
        }
        // set, it is the user's server: a typo or an outage is said, not replaced by the local
        // server without a word (a tester's demo wrote there)
        String env = System.getenv("PRESCALE_INFLUX_URL");
        if (env != null && !env.isBlank()) {
            Urls.requireBase("PRESCALE_INFLUX_URL", env, "http://127.0.0.1:8086");
            if (!answers(env)) {
                throw new IllegalArgumentException(
                        "PRESCALE_INFLUX_URL "
                                + Urls.shown(env)
                                + ": no InfluxDB answers "
                                + Urls.shown(ping(env))
                                + " (unset it for the local server, or give --no-influx)");
            }
            return Optional.of(env);
        }
        String local = local();
        return answers(local) ? Optional.of(local) : Optional.empty();
    }

    /**
     * Where {@code prescale infra up} starts InfluxDB, as its {@code PRESCALE_INFLUX_PORT} says.
     */
    static String local() {
        String port = System.getenv("PRESCALE_INFLUX_PORT");
        return "http://127.0.0.1:" + (port == null || port.isBlank() ? "8086" : port.strip());
    }

    /** Whether {@code GET url/ping} answers 204 within a second. */
    public static boolean answers(String url) {
        try {
            HttpClient client =
                    HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpRequest request =
                    HttpRequest.newBuilder(URI.create(ping(url)))
                            .timeout(Duration.ofSeconds(1))
                            .build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String ping(String url) {
        return url.replaceAll("/+$", "") + "/ping";
    }
}
