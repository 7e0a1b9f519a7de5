package io.prescale.ml.trace;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Lines of a text, each at most {@code maxChars} characters: a longer one fails the read with a
 * {@link LineTooLongException}, read no further. A file of 2 GB without a line break (a gzip bomb,
 * {@code /dev/zero}) ran the offline commands and {@code prescale send} out of memory in {@link
 * java.io.BufferedReader#readLine}, with a stack trace as the only message (a tester's finding).
 * Lines end at {@code \n} or {@code \r\n}.
 */
public final class BoundedLineReader implements Closeable {
    /** A line longer than the bound. */
    public static final class LineTooLongException extends IOException {
        private final long line;

        LineTooLongException(int maxChars, long line) {
            super("is longer than " + maxChars + " characters without a line break");
            this.line = line;
        }

        /** The number of the line, from 1. */
        public long line() {
            return line;
        }
    }

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int end;
    private long lines;

    public BoundedLineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /**
     * The next line without its terminator; null at the end.
     *
     * @throws LineTooLongException when it holds more than {@code maxChars} characters
     */
    public String readLine() throws IOException {
        StringBuilder line = null;
        while (true) {
            if (position == end) {
                end = Math.max(0, in.read(buffer, 0, buffer.length));
                position = 0;
                if (end == 0) {
                    return line == null ? null : counted(line);
                }
            }
            int start = position;
            while (position < end && buffer[position] != '\n') {
                position++;
            }
            if (line == null) {
                line = new StringBuilder(position - start);
            }
            line.append(buffer, start, position - start);
            if (line.length() > maxChars) {
                throw new LineTooLongException(maxChars, lines + 1);
            }
            if (position < end) {
                position++; // the line break
                return counted(line);
            }
        }
    }

    private String counted(StringBuilder line) {
        lines++;
        return withoutReturn(line);
    }

    private static String withoutReturn(StringBuilder line) {
        int n = line.length();
        return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
