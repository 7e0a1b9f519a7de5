package io.prescale.ml.nab;

import io.prescale.ml.trace.TraceFormatException;
import io.prescale.ml.trace.TraceLines;
import io.prescale.ml.trace.TraceReader;
import io.prescale.model.Decimals;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * NAB's CSV formats: data files {@code timestamp,value} and results files {@code
 * timestamp,value,anomaly_score}.
 */
public final class NabCsv {
    static final String DATA_HEADER = "timestamp,value";
    static final String RESULTS_HEADER = "timestamp,value,anomaly_score";

    private NabCsv() {}

    /**
     * Reads a data file. Extra columns after {@code value} (a results file) are ignored; every row
     * has as many fields as the header (so a decimal comma, {@code 12,5}, is named, not read as
     * 12).
     *
     * <p>Equal consecutive timestamps are accepted: NAB's own files have them (a daylight-saving
     * change logged in local time repeats {@code 03:00:00}).
     *
     * @throws TraceFormatException naming the file, the 1-based line and the field of the first
     *     malformed row (bad timestamp, non-numeric, non-finite or out-of-range value ({@link
     *     TraceReader#valueProblem}), time going backwards), or naming a file that is empty or has
     *     no row after its header
     */
    public static NabSeries read(Path file, String relativePath) {
        List<LocalDateTime> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        // plain or gzipped, as traces are; a line without end (a gzip bomb, /dev/zero) is refused,
        // not read into memory, and a byte that is no UTF-8 is named with its line
        try (TraceLines in = TraceLines.open(file)) {
            String header = in.readLine(); // without a byte-order mark (TraceLines drops it)
            if (header == null) {
                throw new TraceFormatException(
                        file, 0, "the file is empty; a NAB data file starts with " + DATA_HEADER);
            }
            if (!header.strip().replace("\"", "").startsWith(DATA_HEADER)) {
                throw new TraceFormatException(
                        file, 1, "header must start with '" + DATA_HEADER + "'");
            }
            int columns = header.split(",", -1).length;
            long lineNo = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (fields.length != columns) {
                    throw new TraceFormatException(
                            file,
                            lineNo,
                            fields.length
                                    + " fields where the header has "
                                    + columns
                                    + " (expected 'timestamp,value'"
                                    + (columns > 2 ? " and the header's other columns" : "")
                                    + "; a decimal comma?)");
                }
                LocalDateTime t = timestamp(file, lineNo, fields[0]);
                if (!times.isEmpty() && t.isBefore(times.get(times.size() - 1))) {
                    throw new TraceFormatException(
                            file, lineNo, "field timestamp: " + t + " is before the row above");
                }
                times.add(t);
                values.add(value(file, lineNo, fields[1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (times.isEmpty()) {
            // nothing to score: the scorer would only say later that no window holds a row
            throw new TraceFormatException(
                    file, 0, "has no data rows, only its header " + DATA_HEADER);
        }
        return new NabSeries(
                relativePath,
                times.toArray(LocalDateTime[]::new),
                values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static LocalDateTime timestamp(Path file, long line, String text) {
        try {
            return NabTimestamps.parse(text.replace("\"", ""));
        } catch (DateTimeParseException e) {
            throw new TraceFormatException(
                    file,
                    line,
                    "field timestamp: '" + text + "' is not '" + NabTimestamps.PATTERN + "'");
        }
    }

    private static double value(Path file, long line, String text) {
        double v;
        try {
            v = Decimals.parse(text.strip().replace("\"", ""));
        } catch (NumberFormatException e) {
            throw new TraceFormatException(
                    file, line, "field value: '" + text + "' is not a number");
        }
        String problem = TraceReader.valueProblem(v);
        if (problem != null) {
            throw new TraceFormatException(file, line, "field value: '" + text + "' " + problem);
        }
        return v;
    }

    /** Writes a results file; scores are written with 6 significant digits past the point. */
    public static void writeResults(Path file, NabSeries series, double[] scores) {
        if (scores.length != series.size()) {
            throw new IllegalArgumentException(
                    "scores: " + scores.length + " for " + series.size() + " rows");
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write(RESULTS_HEADER);
                out.newLine();
                for (int i = 0; i < scores.length; i++) {
                    out.write(NabTimestamps.format(series.timestamps()[i]));
                    out.write(',');
                    out.write(Decimals.plain(series.values()[i]));
                    out.write(',');
                    out.write(String.format(Locale.ROOT, "%.9f", scores[i]));
                    out.newLine();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
