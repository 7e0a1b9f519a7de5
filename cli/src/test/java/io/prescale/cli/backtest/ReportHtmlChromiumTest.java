package io.prescale.cli.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.prescale.ml.backtest.BacktestMain;
import io.prescale.ml.backtest.BacktestOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report.html} loads in headless Chromium with no console error, driven through {@code
 * /usr/bin/chromedriver}'s W3C HTTP API. Needs the Debian packages {@code chromium} and {@code
 * chromium-driver}; without them the test fails saying so (it never skips).
 */
class ReportHtmlChromiumTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration STARTUP = Duration.ofSeconds(20);

    @TempDir Path dir;

    @Test
    @Timeout(120)
    void reportLoadsWithoutConsoleErrors() throws Exception {
        requireBinaries();
        Path report = writeReport();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process driver =
                new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("chromedriver.log").toFile())
                        .start();
        try {
            WebDriverClient client = new WebDriverClient(URI.create("http://127.0.0.1:" + port));
            client.awaitReady(STARTUP);
            String session = client.newHeadlessSession(CHROMIUM);
            try {
                client.navigate(session, report.toUri().toString());
                assertThat(client.script(session, "return document.title;"))
                        .contains("prescale backtest");
                assertThat(
                                client.script(
                                        session,
                                        "return String(document.querySelectorAll('svg').length);"))
                        .matches("\"[1-9][0-9]*\"");
                String logs = client.browserLog(session);
                assertThat(logs).as("browser console log").doesNotContain("\"SEVERE\"");
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

    /**
     * A backtest of every policy with a sweep on a small seeded trace: two entities, three days.
     */
    private Path writeReport() throws IOException {
        StringBuilder b = new StringBuilder("timestamp,entity,metric,value\n");
        Random r = new Random(5);
        Instant t0 = Instant.parse("2024-03-01T00:00:00Z");
        for (int t = 0; t < 3 * 288; t++) {
            for (int e = 0; e < 2; e++) {
                double v = 20 + 10 * Math.sin(2 * Math.PI * t / 288) + 8 * r.nextDouble() * (e + 1);
                b.append(t0.plusSeconds(300L * t))
                        .append(",vm-")
                        .append(e)
                        .append(",cpu,")
                        .append(v)
                        .append('\n');
            }
        }
        Path trace = dir.resolve("trace.csv");
        Files.writeString(trace, b);
        Path out = dir.resolve("out");
        BacktestOptions o =
                new BacktestOptions(
                        trace,
                        "cpu",
                        Duration.ofMinutes(5),
                        2,
                        1,
                        BacktestOptions.ALL,
                        0.05,
                        true,
                        out);
        BacktestMain.execute(o, new PrintWriter(new StringWriter()));
        return out.resolve("report.html");
    }

    /** The few W3C WebDriver calls the test needs, over java.net.http. */
    static final class WebDriverClient {
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
