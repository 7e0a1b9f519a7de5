package io.prescale.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.HeadlessChromium;
import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import io.prescale.model.Forecast;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DemoReportTest {
    private static final Instant T0 = Instant.parse("2017-01-01T00:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(15);

    @TempDir Path dir;

    /** Two entities, eight windows each; entity b's name needs escaping. */
    private static DemoRun run(boolean processesMatch) {
        List<WindowAggregate> windows = new ArrayList<>();
        List<Forecast> forecasts = new ArrayList<>();
        List<ScaleCommand> commands = new ArrayList<>();
        List<ActuationResult> results = new ArrayList<>();
        for (String e : List.of("vm-a", "vm<b>&")) {
            for (int i = 0; i < 8; i++) {
                Instant start = T0.plus(STEP.multipliedBy(i));
                double v = 20 + 10 * (i % 3);
                windows.add(
                        new WindowAggregate(
                                e, "cpu_max_pct", start, start.plus(STEP), 3, v, v + 5, v + 4));
                forecasts.add(
                        new Forecast(e, "cpu_max_pct", start.plus(STEP), 900, 1, v, Map.of(), "m"));
                if (i % 2 == 0) {
                    long version = i / 2 + 1;
                    commands.add(
                            new ScaleCommand(
                                    e + "/" + version,
                                    e,
                                    "cpu",
                                    ScaleAction.SCALE_UP,
                                    v + 20,
                                    "pct",
                                    0,
                                    version,
                                    "test",
                                    0.99,
                                    2,
                                    0.5,
                                    0,
                                    start,
                                    start.plus(STEP.multipliedBy(2)),
                                    start.plus(STEP.multipliedBy(4))));
                    results.add(
                            new ActuationResult(
                                    e + "/" + version,
                                    e,
                                    "cpu",
                                    version,
                                    ActuationStatus.APPLIED,
                                    50,
                                    "process-pool",
                                    start,
                                    "2 workers"));
                }
            }
        }
        return new DemoRun(
                List.of("vm-a", "vm<b>&"),
                48,
                0,
                "cpu_max_pct",
                25,
                windows,
                16,
                16,
                forecasts,
                commands,
                results,
                List.of(),
                0,
                Map.of("vm-a", 2, "vm<b>&", 2),
                processesMatch ? Map.of("vm-a", 2, "vm<b>&", 2) : Map.of("vm-a", 3, "vm<b>&", 2),
                0,
                "none found",
                12.5);
    }

    @Test
    void oneChartPerEntityNamesEscapedAndTheVerdictFollowsTheRun() {
        String ok = DemoReport.html(run(true));
        assertThat(ok)
                .contains("class=\"ok\"")
                .contains("vm&lt;b&gt;&amp;")
                .doesNotContain("vm<b>");
        assertThat(ok.split("<svg ", -1)).hasSize(3);
        assertThat(ok.split("<polyline ", -1)).as("4 series x 2 entities").hasSize(9);

        assertThat(DemoReport.html(run(false)))
                .contains("MISMATCH: worker processes per entity at the end {")
                .contains("vm-a=3")
                .contains("}, the last applied commands asked for {");
    }

    @Test
    @Timeout(120)
    void loadsInHeadlessChromiumWithoutConsoleErrors() throws Exception {
        Path report = dir.resolve("report.html");
        DemoReport.write(report, run(true));
        assertThat(Files.readString(report)).doesNotContain("<script");

        HeadlessChromium.Page page =
                HeadlessChromium.load(
                        report,
                        dir,
                        "return document.title;",
                        "return String(document.querySelectorAll('svg polyline').length);");

        assertThat(page.values()).containsExactly("\"prescale demo report\"", "\"8\"");
        assertThat(page.browserLog()).as("browser console log").doesNotContain("\"SEVERE\"");
    }
}
