package io.prescale.ml.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReaderTest {
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @TempDir Path dir;

    private Path write(String body) throws IOException {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, "timestamp,entity,metric,value\n" + body);
        return f;
    }

    @Test
    void floorsToStepTakesMaxAndRepeatsMissingSteps() throws IOException {
        Path f =
                write(
                        "2017-01-01T00:00:00Z,a,cpu,1\n"
                                + "2017-01-01T00:01:00Z,a,cpu,5\n"
                                + "2017-01-01T00:01:00Z,a,mem,99\n"
                                + "2017-01-01T00:15:00Z,a,cpu,2\n"
                                + "2017-01-01T00:05:00Z,b,cpu,7\n");
        DemandGrid g = TraceReader.read(f, "cpu", FIVE_MINUTES);
        assertThat(g.start()).isEqualTo(Instant.parse("2017-01-01T00:00:00Z"));
        assertThat(g.entities()).containsExactly("a", "b");
        assertThat(g.values()[0]).containsExactly(5, 5, 5, 2);
        assertThat(g.values()[1]).containsExactly(7, 7, 7, 7);
        assertThat(g.firstObservedStep()).containsExactly(0, 1);
    }

    /**
     * The thirtieth tester's gzip of 2 MB expanding to 2 GB without a line break ran the offline
     * commands out of memory with only a stack trace; a line over 1 MiB characters is refused
     * naming it, read no further. CRLF line ends read as LF ones.
     */
    @Test
    void aLineWithoutEndIsRefusedNamingItAndCrlfReadsAsLf() throws IOException {
        Path bomb = dir.resolve("bomb.csv.gz");
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(bomb))) {
            gz.write("timestamp,entity,metric,value\n".getBytes(StandardCharsets.US_ASCII));
            byte[] a = new byte[1 << 16];
            Arrays.fill(a, (byte) 'a');
            for (int i = 0; i < 64; i++) { // 4 MiB, the line's bound four times over
                gz.write(a);
            }
        }
        assertThatThrownBy(() -> TraceReader.read(bomb, "cpu", FIVE_MINUTES))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("bomb.csv.gz:2")
                .hasMessageContaining("is longer than 1048576 characters without a line break");

        Path crlf = dir.resolve("crlf.csv");
        Files.writeString(
                crlf,
                "timestamp,entity,metric,value\r\n2017-01-01T00:00:00Z,a,cpu,1\r\n"
                        + "2017-01-01T00:05:00Z,a,cpu,2");
        assertThat(TraceReader.read(crlf, "cpu", FIVE_MINUTES).values()[0]).containsExactly(1, 2);
    }

    /**
     * The thirtieth tester's entities with a NUL or an escape ran through the backtest and were
     * written raw into its allocations.csv, where the job would have dead-lettered their samples: a
     * trace's names are checked as the job checks a sample's, naming the line.
     */
    @Test
    void aNameTheJobRefusesIsRefusedNamingTheLine() throws IOException {
        Path f = write("2017-01-01T00:00:00Z,a,cpu,1\n2017-01-01T00:05:00Z,vm\u001b[31m,cpu,2\n");
        assertThatThrownBy(() -> TraceReader.read(f, "cpu", FIVE_MINUTES))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("t.csv:3")
                .hasMessageContaining("entity 'vm?[31m' contains the control character U+001B");
    }

    /**
     * The ninety-fourth tester's Latin-1 entities "caf\u00e9" and "caf\u00e8" were read as one,
     * "caf\uFFFD": a line with a byte that is no UTF-8 is refused with its number.
     */
    @Test
    void aByteThatIsNoUtf8IsRefusedNamingItsLine() throws IOException {
        Path f = dir.resolve("latin.csv");
        Files.write(
                f,
                ("timestamp,entity,metric,value\n2017-01-01T00:00:00Z,caf\u00e9,cpu,1\n"
                                + "2017-01-01T00:00:00Z,caf\u00e8,cpu,2\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> TraceReader.read(f, "cpu", FIVE_MINUTES))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(
                        "latin.csv:2: holds a byte that is not UTF-8 (or U+FFFD) at character 25");
    }

    @Test
    void namesLineAndFieldOfABadRow() throws IOException {
        Path f = write("2017-01-01T00:00:00Z,a,cpu,1\n2017-01-01T00:05:00Z,a,cpu,lots\n");
        assertThatThrownBy(() -> TraceReader.read(f, "cpu", FIVE_MINUTES))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("t.csv:3")
                .hasMessageContaining("value 'lots'");
    }

    /**
     * A value the job would dead-letter (|v| > 1e18, its sample bound) is refused as NaN is: near
     * {@code Double.MAX_VALUE} it made the backtest's sums infinite and its allocations NaN. What
     * Java's parser reads but no CSV means ({@code 0x1p3} was read as 8, {@code 5d} as 5) is no
     * number.
     */
    @Test
    void aValueBeyondTheJobsBoundIsNamedAsANonFiniteOneIs() throws IOException {
        for (String java : new String[] {"0x1p3", "5d", "5F"}) {
            Path f = write("2017-01-01T00:00:00Z,a,cpu," + java);
            assertThatThrownBy(() -> TraceReader.read(f, "cpu", FIVE_MINUTES))
                    .as(java)
                    .hasMessage(f + ":2: value '" + java + "' is not a number");
        }
        for (String value : new String[] {"1e308", "-1.5e18", "NaN"}) {
            Path f = write("2017-01-01T00:00:00Z,a,cpu,1\n2017-01-01T00:05:00Z,a,cpu," + value);
            assertThatThrownBy(() -> TraceReader.read(f, "cpu", FIVE_MINUTES))
                    .as(value)
                    .isInstanceOf(TraceFormatException.class)
                    .hasMessage(
                            f
                                    + ":3: value '"
                                    + value
                                    + "' "
                                    + (value.equals("NaN")
                                            ? "is not finite"
                                            : "is out of range [-1e18, 1e18] (the job"
                                                    + " dead-letters it)"));
        }
        Path atTheBound =
                write("2017-01-01T00:00:00Z,a,cpu,1e18\n2017-01-01T00:05:00Z,a,cpu,-1e18");
        assertThat(TraceReader.read(atTheBound, "cpu", FIVE_MINUTES).values()[0])
                .containsExactly(1e18, -1e18);
    }

    @Test
    void rejectsBadTimestampAndMissingMetric() throws IOException {
        Path bad = write("yesterday,a,cpu,1\n");
        assertThatThrownBy(() -> TraceReader.read(bad, "cpu", FIVE_MINUTES))
                .hasMessageContaining(
                        ":2: timestamp 'yesterday' is not ISO-8601 UTC; write"
                                + " yyyy-MM-ddTHH:mm:ssZ");
        for (String[] time :
                new String[][] {
                    {
                        "1483228800",
                        "(as epoch seconds it would be 2017-01-01T00:00:00Z: write that)"
                    },
                    {
                        "1483228800000",
                        "(as epoch milliseconds it would be 2017-01-01T00:00:00Z: write that)"
                    },
                    {
                        "1483228800.5",
                        "(epoch seconds or milliseconds?); write yyyy-MM-ddTHH:mm:ssZ, e.g."
                                + " 2017-03-01T12:00:00Z"
                    },
                    {
                        "2017-01-01 00:00:00",
                        "(no zone: a UTC time ends in Z); write yyyy-MM-ddTHH:mm:ssZ, e.g."
                                + " 2017-03-01T12:00:00Z"
                    }
                }) {
            Path f = write(time[0] + ",a,cpu,1\n");
            assertThatThrownBy(() -> TraceReader.read(f, "cpu", FIVE_MINUTES))
                    .hasMessageEndingWith(
                            ":2: timestamp '" + time[0] + "' is not ISO-8601 UTC " + time[1]);
        }
        // an offset is read, converted to UTC
        Path good = write("2017-01-01T01:00:00+01:00,a,cpu,1\n");
        assertThat(TraceReader.read(good, "cpu", FIVE_MINUTES).start())
                .isEqualTo(Instant.parse("2017-01-01T00:00:00Z"));
        assertThatThrownBy(() -> TraceReader.read(good, "mem", FIVE_MINUTES))
                .isInstanceOf(UnsatisfiableOptionException.class)
                .hasMessageContaining("no rows for metric 'mem'; its metrics are cpu");
        Path empty = write("");
        assertThatThrownBy(() -> TraceReader.read(empty, "cpu", FIVE_MINUTES))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("no rows for metric 'cpu'; the trace has no rows");
    }

    @Test
    void aSpanTooWideToHoldIsNamedNotRunOutOfMemory() throws IOException {
        Path f = write("2017-01-01T00:00:00Z,a,cpu,1\n9999-01-01T00:00:00Z,a,cpu,1\n");
        assertThatThrownBy(() -> TraceReader.read(f, "cpu", FIVE_MINUTES))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("span 2017-01-01T00:00:00Z to 9999-01-01T00:00:00Z")
                .hasMessageContaining("is a timestamp wrong?");
    }

    @Test
    void aStrayRowThatStretchesAnEntityIsNamed() throws IOException {
        StringBuilder rows = new StringBuilder("2016-12-01T00:00:00Z,a,cpu,3\n");
        rows.append(series("a", 0, 700));
        assertThatThrownBy(() -> TraceReader.read(write(rows.toString()), "cpu", FIVE_MINUTES))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(
                        ".csv:2: entity 'a': 1 value of 'cpu' (the first at 2016-12-01T00:00:00Z)"
                                + " lies 31"
                                + " days before its other 700, so that 93 % of its steps would"
                                + " repeat a value; is a timestamp wrong?");
    }

    /** Five hours of an epoch-zero clock (60 rows, 9 % of the entity's) before two days. */
    @Test
    void aBurstOfStrayRowsFarAwayIsNamedToo() throws IOException {
        StringBuilder rows = new StringBuilder();
        Instant epoch = Instant.EPOCH;
        for (int i = 0; i < 60; i++) {
            rows.append(epoch.plus(FIVE_MINUTES.multipliedBy(i))).append(",a,cpu,1\n");
        }
        rows.append(series("a", 0, 600)).append(series("b", 0, 600));
        assertThatThrownBy(() -> TraceReader.read(write(rows.toString()), "cpu", FIVE_MINUTES))
                .hasMessageContaining(
                        ":2: entity 'a': 60 values of 'cpu' (the first at 1970-01-01T00:00:00Z)"
                                + " lie")
                .hasMessageContaining("is a timestamp wrong?");
    }

    /** A gap in the middle of an entity, and a short session of its own days before the rest. */
    @Test
    void realGapsAndSeparateSessionsAreKept() throws IOException {
        String rows = series("a", 0, 150) + series("a", 550, 150) + series("s", -900, 6);
        DemandGrid g = TraceReader.read(write(rows), "cpu", FIVE_MINUTES);
        assertThat(g.steps()).isEqualTo(1600);
        assertThat(g.entities()).containsExactly("a", "s");
    }

    /** {@code n} rows of {@code entity}, 5 minutes apart from step {@code from} of 2017-01-01. */
    private static String series(String entity, int from, int n) {
        StringBuilder rows = new StringBuilder();
        Instant t = Instant.parse("2017-01-01T00:00:00Z");
        for (int i = from; i < from + n; i++) {
            rows.append(t.plus(FIVE_MINUTES.multipliedBy(i)))
                    .append(',')
                    .append(entity)
                    .append(",cpu,1\n");
        }
        return rows.toString();
    }

    @Test
    void aByteOrderMarkBeforeTheHeaderIsAccepted() throws IOException {
        Path f = dir.resolve("bom.csv");
        Files.writeString(f, "\uFEFFtimestamp,entity,metric,value\n2017-01-01T00:00:00Z,a,cpu,1\n");
        assertThat(TraceReader.read(f, "cpu", FIVE_MINUTES).entities()).containsExactly("a");
    }

    /** A spreadsheet's header (capitals, spaces) is the header; another is quoted when refused. */
    @Test
    void aHeaderIsReadWithoutCaseOrSpacesAndAWrongOneIsQuoted() throws IOException {
        Path f = dir.resolve("caps.csv");
        Files.writeString(f, "Timestamp, Entity, Metric, Value\n2017-01-01T00:00:00Z,a,cpu,1\n");
        assertThat(TraceReader.read(f, "cpu", FIVE_MINUTES).entities()).containsExactly("a");
        Files.writeString(f, "time,vm,metric,value\n2017-01-01T00:00:00Z,a,cpu,1\n");
        assertThatThrownBy(() -> TraceReader.read(f, "cpu", FIVE_MINUTES))
                .hasMessage(
                        f
                                + ":1: header must be 'timestamp,entity,metric,value', found"
                                + " 'time,vm,metric,value'");
        // a binary file's bytes are not printed raw
        Files.write(f, new byte[] {0, 1, 2, 'g', 'a', 'r', 'b', '\n'});
        assertThatThrownBy(() -> TraceReader.read(f, "cpu", FIVE_MINUTES))
                .hasMessageEndingWith("found '???garb'");
    }

    /** A file with no line, plain or gzipped, is said to be empty, not to lack its header. */
    @Test
    void anEmptyFileIsSaidToBeEmpty() throws IOException {
        Path plain = Files.write(dir.resolve("empty.csv"), new byte[0]);
        Path gz = Files.write(dir.resolve("empty.csv.gz"), new byte[0]);
        Path gzipped = dir.resolve("nothing.csv.gz");
        new GZIPOutputStream(Files.newOutputStream(gzipped)).close();
        for (Path f : new Path[] {plain, gz, gzipped}) {
            assertThatThrownBy(() -> TraceReader.read(f, "cpu", FIVE_MINUTES))
                    .isInstanceOf(TraceFormatException.class)
                    .hasMessage(
                            f
                                    + ": the file is empty; a trace starts with the header"
                                    + " timestamp,entity,metric,value");
        }
    }

    @Test
    void aGzippedTraceWithoutTheSuffixIsRead() throws IOException {
        Path f = dir.resolve("trace.csv");
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(f))) {
            gz.write(
                    "timestamp,entity,metric,value\n2017-01-01T00:00:00Z,a,cpu,1\n"
                            .getBytes(StandardCharsets.UTF_8));
        }
        assertThat(TraceReader.read(f, "cpu", FIVE_MINUTES).entities()).containsExactly("a");
    }

    /** Entity names quoted as allocations.csv writes them (RFC 4180); a broken quote is named. */
    @Test
    void quotedFieldsAreRead() throws IOException {
        Path f =
                write(
                        "2017-01-01T00:00:00Z,\"pool,a\",cpu,1\n"
                                + "2017-01-01T00:00:00Z,\"vm \"\"b\"\"\",\"cpu\",2\n"
                                + "2017-01-01T00:00:00Z,plain,cpu,3\n");
        assertThat(TraceReader.read(f, "cpu", FIVE_MINUTES).entities())
                .containsExactlyInAnyOrder("pool,a", "vm \"b\"", "plain");
        Path open = write("2017-01-01T00:00:00Z,\"pool,a,cpu,1\n");
        assertThatThrownBy(() -> TraceReader.read(open, "cpu", FIVE_MINUTES))
                .hasMessageContaining(":2: a quote opened at column 22 is not closed");
        Path after = write("2017-01-01T00:00:00Z,\"a\"b,cpu,1\n");
        assertThatThrownBy(() -> TraceReader.read(after, "cpu", FIVE_MINUTES))
                .hasMessageContaining(":2: text after a closing quote at column 25");
    }

    /** Unquoted fields are trimmed (spaces after commas are read); a quoted field is as written. */
    @Test
    void unquotedFieldsAreTrimmedAndAQuotedFieldIsKeptAsWritten() throws IOException {
        Path f =
                write(
                        "2017-01-01T00:00:00Z,a,cpu,1\n"
                                + "2017-01-01T00:05:00Z, a , cpu , 4\n"
                                + "2017-01-01T00:00:00Z, \" a \" ,cpu,2\n"
                                + "2017-01-01T00:05:00Z,\" a \",\"cpu\", 3\n");
        DemandGrid g = TraceReader.read(f, "cpu", FIVE_MINUTES);
        assertThat(g.entities()).containsExactly("a", " a ");
        assertThat(g.values()[0]).containsExactly(1, 4);
        assertThat(g.values()[1]).containsExactly(2, 3);
    }

    @Test
    void aDirectoryIsNotATrace() {
        assertThatThrownBy(() -> TraceReader.read(dir, "cpu", FIVE_MINUTES))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("is a directory");
    }

    /**
     * A gzip file cut short fails naming the last whole line before the cut, once the rows before
     * it are read; the line the cut falls in is not read as a row. The line is counted
     * independently: the newlines a byte-at-a-time decompressor gets out of the cut file.
     */
    @Test
    void aTruncatedGzipSaysAfterWhichLine() throws IOException {
        byte[] bytes = gzip(rows(20_000), Deflater.DEFAULT_COMPRESSION);
        Path cut = Files.write(dir.resolve("cut.csv.gz"), Arrays.copyOf(bytes, bytes.length / 2));
        long lines = newlinesBeforeTheBreak(cut);
        assertThat(lines).isGreaterThan(100);
        List<TraceRow> read = new ArrayList<>();
        assertThatThrownBy(() -> TraceReader.forEachRow(cut, n -> {}, read::add))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage(
                        cut
                                + ": the gzip file is truncated or corrupt: its data breaks off"
                                + " after line "
                                + lines
                                + " (Unexpected end of ZLIB input stream)");
        assertThat(read).hasSize((int) lines - 1);
        assertThat(read.get(read.size() - 1).entity()).isEqualTo("vm" + (lines - 2));
        Path plain = dir.resolve("plain.csv.gz");
        Files.writeString(plain, "timestamp,entity,metric,value\n");
        assertThatThrownBy(() -> TraceReader.read(plain, "cpu", FIVE_MINUTES))
                .hasMessage(plain + ": is not a gzip file, or its gzip header is cut or corrupt");
    }

    /** A cut just after a newline loses no row: every line before it is read, then the failure. */
    @Test
    void aGzipCutAtTheEndOfALineReadsThatLine() throws IOException {
        String text = rows(3);
        // stored (uncompressed) blocks: the data's bytes follow the 10-byte gzip header and the
        // 5-byte block header one for one, so the cut can fall just after a chosen byte
        byte[] bytes = gzip(text, Deflater.NO_COMPRESSION);
        int afterLine2 = text.indexOf('\n', text.indexOf('\n') + 1) + 1;
        Path cut = Files.write(dir.resolve("cut.csv.gz"), Arrays.copyOf(bytes, 15 + afterLine2));
        List<TraceRow> read = new ArrayList<>();
        assertThatThrownBy(() -> TraceReader.forEachRow(cut, n -> {}, read::add))
                .hasMessageContaining("breaks off after line 2 (");
        assertThat(read).extracting(TraceRow::entity).containsExactly("vm0");
        Path inLine1 = Files.write(dir.resolve("in1.csv.gz"), Arrays.copyOf(bytes, 20));
        assertThatThrownBy(() -> TraceReader.forEachRow(inLine1, n -> {}, read::add))
                .hasMessageContaining("breaks off before the end of line 1 (");
    }

    /** A header and {@code n} rows, of entities vm0, vm1, ... */
    private static String rows(int n) {
        StringBuilder text = new StringBuilder("timestamp,entity,metric,value\n");
        for (int i = 0; i < n; i++) {
            text.append("2017-01-01T00:00:00Z,vm").append(i).append(",cpu,").append(i).append('\n');
        }
        return text.toString();
    }

    private static byte[] gzip(String text, int level) throws IOException {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        try (GZIPOutputStream gz =
                new GZIPOutputStream(whole) {
                    {
                        def.setLevel(level);
                    }
                }) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return whole.toByteArray();
    }

    /** The newlines a gzip file gives out, one byte at a time, before it fails. */
    private static long newlinesBeforeTheBreak(Path file) throws IOException {
        long newlines = 0;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            for (int b = in.read(); b >= 0; b = in.read()) {
                newlines += b == '\n' ? 1 : 0;
            }
        } catch (EOFException expected) {
            return newlines;
        }
        throw new AssertionError(file + " is not cut");
    }
}
