package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's options are checked before anything starts: usage errors, exit code 2. */
class DemoCommandTest {
    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void aMissingTraceIsNamed() {
        assertThat(demo("--trace", dir.resolve("nope.csv").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--trace " + dir.resolve("nope.csv") + ": no such");
    }

    @Test
    void aWindowUnderASecondIsRefused() {
        assertThat(demo("--window", "0s")).isEqualTo(2);
        assertThat(err.toString()).contains("--window must be at least 1 s, was '0s'");
        assertThat(dir.resolve("out")).as("a usage error leaves no --out behind").doesNotExist();
    }

    @Test
    void anOutThatCannotBeADirectoryIsNamedBeforeTheRun() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThat(demo("--out", file.resolve("sub").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--out " + file.resolve("sub"));
        assertThat(out.toString()).doesNotContain("replaying");
    }

    @Test
    void anInfluxThatDoesNotAnswerIsAUsageError() {
        assertThat(demo("--influx", "http://127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "--influx http://127.0.0.1:1: no InfluxDB answers http://127.0.0.1:1/ping");
    }

    /** An --influx that is not an http(s) URL is refused as such, before the trace is read. */
    @Test
    void anInfluxThatIsNoHttpUrlIsRefusedUpFront() {
        for (String url :
                new String[] {"notaurl", "ftp://host:8086", "127.0.0.1:8086", "http://"}) {
            err.getBuffer().setLength(0);
            assertThat(demo("--influx", url, "--trace", dir.resolve("nope.csv").toString()))
                    .as(url)
                    .isEqualTo(2);
            assertThat(err.toString())
                    .as(url)
                    .startsWith(
                            "--influx must be an absolute http or https URL with a host, e.g."
                                    + " http://127.0.0.1:8086, was '"
                                    + url
                                    + "'")
                    .doesNotContain("no InfluxDB answers");
        }
    }

    @Test
    void anInfluxDatabaseNameThatNeedsQuotesIsRefused() {
        for (String name : new String[] {"", "my db", "a\"b", "9lives", "x".repeat(65)}) {
            err.getBuffer().setLength(0);
            assertThat(demo("--influx-db", name)).as(name).isEqualTo(2);
            assertThat(err.toString())
                    .as(name)
                    .startsWith("--influx-db must be a letter or _ then up to 63 letters,")
                    .contains(", was '" + name + "'")
                    .contains("Usage: prescale demo");
        }
        assertThat(out.toString()).doesNotContain("replaying");
    }

    @Test
    void aTraceWithoutTheDemandMetricIsRefusedNamingItsMetrics() throws IOException {
        Path trace =
                Files.writeString(
                        dir.resolve("google.csv"),
                        "timestamp,entity,metric,value\n"
                                + "2011-05-01T00:00:00Z,job-1,cpu_pct,3\n"
                                + "2011-05-01T00:00:00Z,job-1,mem_pct,4\n");
        assertThat(demo("--trace", trace.toString())).isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "the demo allocates from cpu_max_pct, which its first entities do not"
                                + " have (their metrics: cpu_pct, mem_pct)");
    }

    /** The demo with {@code args}, to no InfluxDB and into the test's directory unless named. */
    private int demo(String... args) {
        List<String> all = new ArrayList<>(List.of("demo"));
        if (!List.of(args).contains("--influx")) {
            all.add("--no-influx");
        }
        if (!List.of(args).contains("--out")) {
            all.add("--out=" + dir.resolve("out"));
        }
        all.addAll(List.of(args));
        return CliRun.run(out, err, all.toArray(String[]::new));
    }
}
