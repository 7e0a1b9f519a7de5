package io.prescale.cli.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.HeadlessChromium;
import io.prescale.ml.backtest.BacktestMain;
import io.prescale.ml.backtest.BacktestOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report.html} loads in headless Chromium with no console error, driven through {@code
 * /usr/bin/chromedriver}'s W3C HTTP API. Needs the Debian packages {@code chromium} and {@code
 * chromium-driver}; without them the test fails saying so (it never skips).
 */
class ReportHtmlChromiumTest {
    @TempDir Path dir;

    @Test
    @Timeout(120)
    void reportLoadsWithoutConsoleErrors() throws Exception {
        HeadlessChromium.Page page =
                HeadlessChromium.load(
                        writeReport(),
                        dir,
                        "return document.title;",
                        "return String(document.querySelectorAll('svg').length);");
        assertThat(page.values().get(0)).contains("prescale backtest");
        assertThat(page.values().get(1)).matches("\"[1-9][0-9]*\"");
        assertThat(page.browserLog()).as("browser console log").doesNotContain("\"SEVERE\"");
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
}
