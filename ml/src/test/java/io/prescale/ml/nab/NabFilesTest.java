package io.prescale.ml.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.ml.trace.TraceFormatException;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading NAB data, windows and profiles files, and the messages for bad ones. */
class NabFilesTest {
    @TempDir Path dir;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsDataFileAndAcceptsRepeatedTimestamps() throws Exception {
        Path f =
                write(
                        "a.csv",
                        "timestamp,value\n2014-03-09 01:59:00,1.5\n2014-03-09 03:00:00,2\n"
                                + "2014-03-09 03:00:00,3\n");
        NabSeries s = NabCsv.read(f, "a.csv");
        assertThat(s.values()).containsExactly(1.5, 2, 3);
        assertThat(s.timestamps()[0]).isEqualTo(LocalDateTime.of(2014, 3, 9, 1, 59));
        Path bom = write("b.csv", "\uFEFFtimestamp,value\n2014-03-09 01:59:00,1.5\n");
        assertThat(NabCsv.read(bom, "b.csv").values()).as("a byte-order mark").containsExactly(1.5);
        Path iso = write("c.csv", "timestamp,value\n2014-03-09T01:59:00Z,1.5\n");
        assertThat(NabCsv.read(iso, "c.csv").timestamps())
                .as("ISO-8601 UTC, as the traces write it")
                .containsExactly(LocalDateTime.of(2014, 3, 9, 1, 59));
    }

    @Test
    void malformedRowsNameFileLineAndField() throws Exception {
        Path badValue =
                write("v.csv", "timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:05:00,abc\n");
        assertThatThrownBy(() -> NabCsv.read(badValue, "v.csv"))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("v.csv:3:")
                .hasMessageContaining("field value");
        Path badTime = write("t.csv", "timestamp,value\n2014-13-01 00:00:00,1\n");
        assertThatThrownBy(() -> NabCsv.read(badTime, "t.csv"))
                .hasMessageContaining("t.csv:2:")
                .hasMessageContaining("field timestamp");
        Path backwards =
                write("b.csv", "timestamp,value\n2014-01-01 00:05:00,1\n2014-01-01 00:00:00,1\n");
        assertThatThrownBy(() -> NabCsv.read(backwards, "b.csv"))
                .hasMessageContaining("b.csv:3:")
                .hasMessageContaining("before the row above");
        Path header = write("h.csv", "time,v\n");
        assertThatThrownBy(() -> NabCsv.read(header, "h.csv")).hasMessageContaining("h.csv:1:");
        Path infinite = write("i.csv", "timestamp,value\n2014-01-01 00:00:00,Infinity\n");
        assertThatThrownBy(() -> NabCsv.read(infinite, "i.csv")).hasMessageContaining("not finite");
        Path huge = write("u.csv", "timestamp,value\n2014-01-01 00:00:00,1e308\n");
        assertThatThrownBy(() -> NabCsv.read(huge, "u.csv"))
                .hasMessageEndingWith(
                        "u.csv:2: field value: '1e308' is out of range [-1e18, 1e18] (the job"
                                + " dead-letters it)");
        // what Java's parser reads but no CSV means (0x1p3 was read as 8, 5d as 5)
        for (String java : new String[] {"0x1p3", "5d", "5F"}) {
            Path odd = write("j.csv", "timestamp,value\n2014-01-01 00:00:00," + java + "\n");
            assertThatThrownBy(() -> NabCsv.read(odd, "j.csv"))
                    .hasMessageEndingWith("j.csv:2: field value: '" + java + "' is not a number");
        }
        Path comma = write("c.csv", "timestamp,value\n2014-01-01 00:00:00,12,5\n");
        assertThatThrownBy(() -> NabCsv.read(comma, "c.csv"))
                .hasMessageContaining("c.csv:2:")
                .hasMessageContaining("3 fields where the header has 2");
    }

    /**
     * The ninetieth tester's bytes 0xFF 0xFE in a value and a gzipped file named .csv were both
     * "cannot read FILE", no line, no reason: a byte that is no UTF-8 is refused with its line, as
     * a trace's is, and a gzipped file is read as traces are.
     */
    @Test
    void aByteThatIsNoUtf8IsNamedWithItsLineAndAGzippedFileIsRead() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        text.write(
                "timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:05:00,"
                        .getBytes(StandardCharsets.UTF_8));
        text.write(new byte[] {(byte) 0xff, (byte) 0xfe, '5', '\n'});
        Path bytes = Files.write(dir.resolve("x.csv"), text.toByteArray());
        assertThatThrownBy(() -> NabCsv.read(bytes, "x.csv"))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(
                        "x.csv:3: holds a byte that is not UTF-8 (or U+FFFD) at character 21");
        Path gz = dir.resolve("g.csv");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(
                    "timestamp,value\n2014-01-01 00:00:00,1.5\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(NabCsv.read(gz, "g.csv").values()).containsExactly(1.5);
    }

    @Test
    void resultsFileRoundTrips() throws Exception {
        Path f =
                write(
                        "a.csv",
                        "timestamp,value\n2014-01-01 00:00:00,1.5\n2014-01-01 00:05:00,2\n"
                                + "2014-01-01 00:10:00,0.00001\n2014-01-01 00:15:00,12345678\n");
        NabSeries s = NabCsv.read(f, "a.csv");
        Path out = dir.resolve("out/sub/a.csv");
        NabCsv.writeResults(out, s, new double[] {0, 0.25, 0.5, 1});
        // values as NAB's files write them, not in Java's notation (2.0, 1.0E-5, 1.2345678E7)
        assertThat(Files.readAllLines(out))
                .containsExactly(
                        "timestamp,value,anomaly_score",
                        "2014-01-01 00:00:00,1.5,0.000000000",
                        "2014-01-01 00:05:00,2,0.250000000",
                        "2014-01-01 00:10:00,0.00001,0.500000000",
                        "2014-01-01 00:15:00,12345678,1.000000000");
        assertThat(NabCsv.read(out, "a.csv").values()).containsExactly(s.values());
    }

    /**
     * By relative path, or the key it ends (the data directory is a category inside NAB's data
     * root); never by file name alone, so a same-named file in another directory gets nothing.
     */
    @Test
    void windowsAreFoundByRelativePathNotByName() throws Exception {
        NabWindow w =
                new NabWindow(
                        LocalDateTime.of(2014, 1, 1, 0, 0), LocalDateTime.of(2014, 1, 2, 0, 0));
        NabLabels labels =
                new NabLabels(Map.of("realAWSCloudwatch/a.csv", List.of(w), "b.csv", List.of()));
        assertThat(labels.windowsOf("realAWSCloudwatch/a.csv")).contains(List.of(w));
        assertThat(labels.windowsOf("a.csv")).contains(List.of(w));
        assertThat(labels.windowsOf("b.csv")).contains(List.of());
        assertThat(labels.windowsOf("other/a.csv")).isEmpty();
        assertThat(labels.windowsOf("x/b.csv")).isEmpty();
        assertThat(labels.windowsOf("c.csv")).isEmpty();
        assertThat(labels.unmatched(List.of("other/a.csv", "b.csv")))
                .containsExactly("realAWSCloudwatch/a.csv");
        assertThat(labels.unmatched(List.of("a.csv", "b.csv"))).isEmpty();
    }

    @Test
    void badWindowsAndProfilesNameWhatIsWrong() throws Exception {
        Path windows =
                write(
                        "w.json",
                        "{\"a.csv\": [[\"2014-01-02 00:00:00\", \"2014-01-01 00:00:00\"]]}");
        assertThatThrownBy(() -> NabLabels.read(windows))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("'a.csv' window 1 of 1: window end");
        Path profiles = write("p.json", "{\"standard\": {\"CostMatrix\": {\"tpWeight\": 1}}}");
        assertThatThrownBy(() -> NabCostProfile.read(profiles))
                .hasMessageContaining("standard")
                .hasMessageContaining("fpWeight");
        Path twice = write("t.json", "{\"a.csv\": [], \"a.csv\": []}");
        assertThatThrownBy(() -> NabLabels.read(twice))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("Duplicate field 'a.csv'");
    }

    /** A data file with no row is named as such, not left for the scorer to find no window. */
    @Test
    void aDataFileWithoutRowsIsNamed() throws Exception {
        Path header = write("h.csv", "timestamp,value\n\n");
        assertThatThrownBy(() -> NabCsv.read(header, "h.csv"))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage(header + ": has no data rows, only its header timestamp,value");
        Path empty = write("e.csv", "");
        assertThatThrownBy(() -> NabCsv.read(empty, "e.csv"))
                .hasMessage(
                        empty + ": the file is empty; a NAB data file starts with timestamp,value");
    }

    /**
     * Broken JSON is named by file, line and column, Jackson's own location (which names no file,
     * only "Source: REDACTED") said as a line and column.
     */
    @Test
    void brokenJsonNamesLineAndColumn() throws Exception {
        Path cut = write("w.json", "{\n  \"a.csv\": [");
        assertThatThrownBy(() -> NabLabels.read(cut))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage(
                        cut
                                + ":2: not valid JSON at column 13: Unexpected end-of-input:"
                                + " expected close marker for Array (start marker at line 2,"
                                + " column 12)");
        Path quote = write("q.json", "{'a.csv': []}");
        assertThatThrownBy(() -> NabLabels.read(quote))
                .hasMessageStartingWith(quote + ":1: not valid JSON at column 2: Unexpected")
                .hasMessageNotContaining("Source")
                .hasMessageNotContaining("REDACTED");
    }

    /** A window's time that is not one names the file, the window and the format expected. */
    @Test
    void aBadWindowTimeNamesTheWindowAndTheFormat() throws Exception {
        Path windows =
                write(
                        "w.json",
                        "{\"a.csv\": [[\"2014-01-01 00:00:00\", \"2014-01-02 00:00:00\"],"
                                + " [\"yesterday\", \"2014-01-04 00:00:00\"]]}");
        assertThatThrownBy(() -> NabLabels.read(windows))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage(
                        windows
                                + ": 'a.csv' window 2 of 2: start 'yesterday' is not a time as NAB"
                                + " writes them, yyyy-MM-dd HH:mm:ss with an optional fraction of"
                                + " a second (2014-02-19 10:50:00.000000)");
    }

    @Test
    void publishedProfilesMatchNabsFile() throws Exception {
        Path file = NabScorerTest.resource("nab/profiles.json");
        assertThat(NabCostProfile.read(file)).containsExactlyElementsOf(NabCostProfile.published());
    }
}
