package io.prescale.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a page in headless Chromium through {@code /usr/bin/chromedriver}'s W3C HTTP API and
 * returns what scripts evaluated on it and the browser console log. Needs the Debian packages
 * {@code chromium} and {@code chromium-driver}; without them the calling test fails saying so (it
 * never skips).
 */
public final class HeadlessChromium {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration STARTUP = Duration.ofSeconds(20);

    /** What the page gave: each script's JSON value, and the browser log as JSON. */
    public record Page(List<String> values, String browserLog) {}

    private HeadlessChromium() {}

    /**
     * @param logDir where chromedriver's log goes
     * @param scripts JavaScript bodies ({@code return ...;}) run on the loaded page, in order
     */
    public static Page load(Path html, Path logDir, String... scripts) throws Exception {
        requireBinaries();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process driver =
                new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                        .redirectErrorStream(true)
                        .redirectOutput(logDir.resolve("chromedriver.log").toFile())
                        .start();
        try {
            WebDriverClient client = new WebDriverClient(URI.create("http://127.0.0.1:" + port));
            client.awaitReady(STARTUP);
            String session = client.newHeadlessSession(CHROMIUM);
            try {
                client.navigate(session, html.toUri().toString());
                List<String> values = new ArrayList<>();
                for (String js : scripts) {
                    values.add(client.script(session, js));
                }
                return new Page(values, client.browserLog(session));
            } finally {
                client.deleteSession(session);
            }
        } finally {
            driver.destroy();
            driver.waitFor();
        }
    }

    private static void requireBinaries() {
        if (!Files.isExecutable(CHROMIUM)) {
            fail(
                    "headless Chromium is missing: install the Debian package 'chromium'"
                            + " (apt-get update && apt-get install -y chromium chromium-driver)");
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            fail(
                    "chromedriver is missing: install the Debian package 'chromium-driver'"
                            + " (apt-get update && apt-get install -y chromium chromium-driver)");
        }
    }

    /** The few W3C WebDriver calls the test needs, over java.net.http. */
    private static final class WebDriverClient {
        private static final Pattern SESSION =
                Pattern.compile("\"sessionId\"\\s*:\\s*\"([^\"]+)\"");
        private final HttpClient http = HttpClient.newHttpClient();
        private final URI base;

        WebDriverClient(URI base) {
            this.base = base;
        }

        void awaitReady(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    if (call("GET", "/status", null).contains("\"ready\":true")) {
                        return;
                    }
                } catch (IOException notYet) {
                    // chromedriver is still starting
                }
                Thread.onSpinWait();
            }
            fail("chromedriver did not become ready within " + timeout);
        }

        String newHeadlessSession(Path chromium) throws IOException, InterruptedException {
            String body =
                    "{\"capabilities\":{\"alwaysMatch\":{\"browserName\":\"chrome\","
                            + "\"goog:loggingPrefs\":{\"browser\":\"ALL\"},"
                            + "\"goog:chromeOptions\":{\"binary\":\""
                            + chromium
                            + "\","
                            + "\"args\":[\"--headless=new\",\"--no-sandbox\",\"--disable-gpu\","
                            + "\"--disable-dev-shm-usage\",\"--allow-file-access-from-files\"]}}}}";
            String response = call("POST", "/session", body);
            Matcher m = SESSION.matcher(response);
            if (!m.find()) {
                fail("chromedriver refused a session: " + response);
            }
            return m.group(1);
        }

        void navigate(String session, String url) throws IOException, InterruptedException {
            call("POST", "/session/" + session + "/url", "{\"url\":\"" + url + "\"}");
        }

        String script(String session, String js) throws IOException, InterruptedException {
            String response =
                    call(
                            "POST",
                            "/session/" + session + "/execute/sync",
                            "{\"script\":\"" + js.replace("\"", "\\\"") + "\",\"args\":[]}");
            Matcher m =
                    Pattern.compile("\"value\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}]+)")
                            .matcher(response);
            return m.find() ? m.group(1) : response;
        }

        String browserLog(String session) throws IOException, InterruptedException {
            return call("POST", "/session/" + session + "/se/log", "{\"type\":\"browser\"}");
        }

        void deleteSession(String session) throws IOException, InterruptedException {
            call("DELETE", "/session/" + session, null);
        }

        private String call(String method, String path, String json)
                throws IOException, InterruptedException {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
            if (json == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json));
            }
            HttpResponse<String> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                fail(
                        "chromedriver "
                                + method
                                + " "
                                + path
                                + " failed with "
                                + response.statusCode()
                                + ": "
                                + response.body());
            }
            return response.body();
        }
    }
}
