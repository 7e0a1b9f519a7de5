package io.prescale.ml.trace;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The lines of a trace file, plain or gzipped (by its name, {@code .gz}, or by its magic bytes 1f
 * 8b: a gzipped trace may lack the suffix), numbered from 1.
 *
 * <p>A gzip stream that breaks off (a file cut short by a copy, or corrupt) fails the read with a
 * {@link TraceFormatException} naming the last whole line before the break, not with the
 * decompressor's words alone ({@code Unexpected end of ZLIB input stream}): the reader fills its
 * buffer far ahead of the line being parsed, so the failure is held back until the lines read
 * before it are given out, and a line the break cuts in two is never given out as a row.
 *
 * <p>The first line is given out without a byte-order mark (U+FEFF, from some editors and
 * spreadsheet exports), for every reader of a trace, NAB or tenants file.
 *
 * <p>A line that holds a byte that is no UTF-8 is refused with its number (the decoder reads the
 * byte as U+FFFD, and the line is checked for it): not the whole file as unreadable, nor two
 * entities whose names differ in such a byte taken as one.
 *
 * <p>A line longer than {@value #MAX_LINE_CHARS} characters fails the read naming it ({@link
 * BoundedLineReader}). Lines end at {@code \n} or {@code \r\n}.
 */
public final class TraceLines implements Closeable {
    /** The longest line read, in characters: the job's bound on a record (1 MiB). */
    static final int MAX_LINE_CHARS = 1 << 20;

    private final Path file;

    /** The gzip stream, null for a plain file (whose read errors are not held back). */
    private final HeldFailure gzip;

    private final BoundedLineReader in;
    private String next;
    private long lineNo;

    private TraceLines(Path file, InputStream plain, HeldFailure gzip) throws IOException {
        this.file = file;
        this.gzip = gzip;
        InputStream stream = gzip != null ? gzip : plain;
        this.in =
                new BoundedLineReader(
                        new InputStreamReader(stream, StandardCharsets.UTF_8), MAX_LINE_CHARS);
        this.next = scan(1);
    }

    /** Line {@code number}, without its terminator; null at the end of the file. */
    private String scan(long number) throws IOException {
        try {
            return in.readLine();
        } catch (BoundedLineReader.LineTooLongException e) {
            throw new TraceFormatException(file, number, e.getMessage() + "; is the file a trace?");
        }
    }

    /**
     * Opens {@code file}.
     *
     * @throws TraceFormatException when it is named or marked as gzip and its gzip header is
     *     missing or broken
     */
    public static TraceLines open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            raw.mark(2);
            boolean gzip =
                    file.getFileName().toString().endsWith(".gz")
                            || raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            if (!gzip) {
                return new TraceLines(file, raw, null);
            }
            if (Files.size(file) == 0) {
                // an empty file, as a plain one: said to be empty, not a broken gzip header
                return new TraceLines(file, raw, null);
            }
            InputStream unzipped;
            try {
                unzipped = new GZIPInputStream(raw, 1 << 16);
            } catch (IOException e) {
                throw new TraceFormatException(
                        file, 0, "is not a gzip file, or its gzip header is cut or corrupt");
            }
            return new TraceLines(file, null, new HeldFailure(unzipped));
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * The next line (without its terminator), null after the last.
     *
     * @throws TraceFormatException when the gzip stream breaks off, once every whole line before
     *     the break has been given out, or when the line holds a byte that is not UTF-8
     */
    public String readLine() throws IOException {
        String current = next;
        if (current == null) {
            if (gzip != null && gzip.failure != null) {
                throw brokenAfter(lineNo);
            }
            return null;
        }
        next = scan(lineNo + 2);
        if (next == null && gzip != null && gzip.failure != null && gzip.last != '\n') {
            // the break falls inside this line: what was read of it is no row
            throw brokenAfter(lineNo);
        }
        lineNo++;
        if (lineNo == 1) {
            current = current.replace("\uFEFF", "");
        }
        int bad = current.indexOf('\uFFFD');
        if (bad >= 0) {
            // an entity "caf\u00e9" and "caf\u00e8" in Latin-1 were one entity "caf\uFFFD"
            throw new TraceFormatException(
                    file,
                    lineNo,
                    "holds a byte that is not UTF-8 (or U+FFFD) at character "
                            + (bad + 1)
                            + ": the file must be UTF-8 text (convert it with iconv -f ENCODING -t"
                            + " utf-8, the ENCODING latin1, cp1252 or utf-16, say)");
        }
        return current;
    }

    /** The number of the line {@link #readLine} last gave out, 0 before the first. */
    long lineNo() {
        return lineNo;
    }

    private TraceFormatException brokenAfter(long line) {
        String reason = gzip.failure.getMessage();
        return new TraceFormatException(
                file,
                0,
                "the gzip file is truncated or corrupt: its data breaks off "
                        + (line == 0 ? "before the end of line 1" : "after line " + line)
                        + (reason == null ? "" : " (" + reason + ")"));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * Ends the stream where the stream below fails, keeping the failure and the last byte given
     * out, so that the lines before the failure can still be read.
     */
    private static final class HeldFailure extends FilterInputStream {
        IOException failure;
        int last = -1;

        HeldFailure(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (failure != null) {
                return -1;
            }
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                return -1;
            }
            if (n > 0) {
                last = b[off + n - 1];
            }
            return n;
        }
    }
}
