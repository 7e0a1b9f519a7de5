package io.prescale.ml.trace;

import io.prescale.model.Decimals;
import io.prescale.model.ParserConfig;
import io.prescale.model.SeriesNames;
import io.prescale.model.Shown;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.ObjLongConsumer;
import java.util.function.Predicate;

/**
 * Reads the canonical trace CSV {@code timestamp,entity,metric,value} (ISO-8601 UTC, optionally
 * gzipped) into a {@link DemandGrid} of one metric.
 *
 * <p>Unquoted fields are trimmed, so that {@code timestamp, entity, metric, value} with spaces
 * after the commas reads as without them: entities {@code a} and {@code a } are one. A field in
 * double quotes (RFC 4180) is kept as written between its quotes: {@code " a "} is another entity.
 * No warning is given per row; the commands print or write how many entities they read.
 *
 * <p>A malformed line fails the whole read with a {@link TraceFormatException} naming the line and
 * the field: a trace is evaluation input, and silently skipping lines would bias a score. A value
 * must be finite and within the job's own bound for a sample's value ({@link #valueProblem}). A
 * well-formed trace without rows of the metric asked for is an {@link
 * UnsatisfiableOptionException}.
 */
public final class TraceReader {
    /** The most values a grid may hold (8 bytes each): a wider span is a wrong timestamp. */
    static final long MAX_VALUES = 200_000_000L;

    /** At most this share of an entity's values beyond a gap of over half its span are strays. */
    static final double STRAY_SHARE = 0.05;

    /** A gap more than this many times the rest of an entity's span is far ... */
    static final double FAR = 100;

    /** ... and at most this share of its values beyond it are strays (an epoch-zero burst). */
    static final double FAR_STRAY_SHARE = 0.25;

    private static final String HEADER = "timestamp,entity,metric,value";
    private static final String EXAMPLE_TIME = "yyyy-MM-ddTHH:mm:ssZ, e.g. 2017-03-01T12:00:00Z";

    private TraceReader() {}

    /** Reads {@code metric} from {@code file} onto a grid of {@code step}. */
    public static DemandGrid read(Path file, String metric, Duration step) {
        return read(file, metric, step, lines -> {});
    }

    /**
     * As {@link #read(Path, String, Duration)}, calling {@code progress} with the number of lines
     * read every 100,000 lines.
     */
    public static DemandGrid read(Path file, String metric, Duration step, LongConsumer progress) {
        long stepMillis = step.toMillis();
        if (stepMillis <= 0) {
            throw new IllegalArgumentException("step must be positive, was " + step);
        }
        Map<String, Map<Long, Double>> byEntity = new LinkedHashMap<>();
        Set<String> others = new TreeSet<>();
        long[] slotRange = {Long.MAX_VALUE, Long.MIN_VALUE};
        forEachRow(
                file,
                progress,
                row -> {
                    if (!row.metric().equals(metric)) {
                        others.add(row.metric());
                        return;
                    }
                    long slot = Math.floorDiv(row.time().toEpochMilli(), stepMillis);
                    slotRange[0] = Math.min(slotRange[0], slot);
                    slotRange[1] = Math.max(slotRange[1], slot);
                    byEntity.computeIfAbsent(row.entity(), e -> new HashMap<>())
                            .merge(slot, row.value(), Math::max);
                });
        if (byEntity.isEmpty() && others.isEmpty()) {
            throw new TraceFormatException(
                    file, 0, "no rows for metric '" + metric + "'; the trace has no rows");
        }
        if (byEntity.isEmpty()) {
            // the trace is fine and so is the name: it is the metric to ask for that is wrong
            throw new UnsatisfiableOptionException(
                    file
                            + ": no rows for metric '"
                            + metric
                            + "'; its metrics are "
                            + String.join(", ", others));
        }
        long steps = slotRange[1] - slotRange[0] + 1;
        if (steps > MAX_VALUES / byEntity.size()) {
            throw new TraceFormatException(
                    file,
                    0,
                    "the rows of '"
                            + metric
                            + "' span "
                            + Instant.ofEpochMilli(slotRange[0] * stepMillis)
                            + " to "
                            + Instant.ofEpochMilli(slotRange[1] * stepMillis)
                            + ", "
                            + Plural.of(steps, "step")
                            + " of "
                            + step
                            + " for "
                            + Plural.of(byEntity.size(), "entity", "entities")
                            + ": more than "
                            + MAX_VALUES
                            + " values to hold; is a timestamp wrong?");
        }
        refuseStrays(file, metric, byEntity, step);
        return toGrid(byEntity, slotRange[0], slotRange[1], step);
    }

    /**
     * Refuses an entity that a few stray values stretch: when the longest empty stretch between two
     * of its steps with values fills more than half of its own span and the values on one side of
     * it are at most {@value #STRAY_SHARE} of its values (a mistyped year), or it is more than
     * {@value #FAR} times the rest of the span and they are at most {@value #FAR_STRAY_SHARE}
     * (hours of an epoch-zero clock before years of data), its steps would be mostly the repeated
     * last value, the grid with them, and every score would change without a word. A gap in a real
     * series (the NASA log's missing days) is a small part of its span or has many values on both
     * sides; an entity of its own far from the others (a short session days before the rest) is not
     * refused.
     */
    private static void refuseStrays(
            Path file, String metric, Map<String, Map<Long, Double>> byEntity, Duration step) {
        for (Map.Entry<String, Map<Long, Double>> e : byEntity.entrySet()) {
            long[] slots = e.getValue().keySet().stream().mapToLong(Long::longValue).toArray();
            Strays s = Strays.among(slots);
            if (s == null) {
                continue;
            }
            throw new TraceFormatException(
                    file,
                    s.line(file, e.getKey(), metric, step),
                    s.describe(e.getKey(), "value", " of '" + metric + "'", step)
                            + ", so that "
                            + Math.round(100.0 * s.gap() / s.span())
                            + " % of its steps would repeat a value; is a timestamp wrong?");
        }
    }

    /**
     * The few values of an entity that lie far from its others, by the rule of {@link #read(Path,
     * String, Duration)}'s refusal: {@code few} of its {@code few + others} distinct slots lie
     * beyond an empty stretch of {@code gap} slots, {@code early} before the others (else after),
     * the farthest at {@code slot}; {@code span} slots from its first to its last.
     */
    public record Strays(boolean early, int few, int others, long gap, long span, long slot) {
        /** The strays among an entity's distinct slots (in any order, of any unit), or null. */
        public static Strays among(long[] slots) {
            slots = slots.clone();
            Arrays.sort(slots);
            int n = slots.length;
            int at = -1;
            long gap = 0;
            for (int i = 0; i + 1 < n; i++) {
                if (slots[i + 1] - slots[i] - 1 > gap) {
                    gap = slots[i + 1] - slots[i] - 1;
                    at = i;
                }
            }
            long span = slots[n - 1] - slots[0] + 1;
            int before = at + 1;
            boolean early = before <= n - before;
            int few = early ? before : n - before;
            boolean stray =
                    at >= 0
                            && (gap * 2 > span && few <= STRAY_SHARE * n
                                    || gap > FAR * (span - gap) && few <= FAR_STRAY_SHARE * n);
            return stray
                    ? new Strays(early, few, n - few, gap, span, early ? slots[0] : slots[n - 1])
                    : null;
        }

        /**
         * {@code "entity 'vm1': 1 timestamp (the first at 1970-01-01T00:00:00Z) lies 17167 days
         * before its other 600"}: {@code few} of {@code noun}, then {@code qualifier}, for slots of
         * {@code unit}.
         */
        public String describe(String entity, String noun, String qualifier, Duration unit) {
            return "entity '"
                    + entity
                    + "': "
                    + Plural.of(few, noun)
                    + qualifier
                    + " (the "
                    + (early ? "first" : "last")
                    + " at "
                    + Instant.ofEpochMilli(slot * unit.toMillis())
                    + ")"
                    + lie(unit);
        }

        /**
         * The line of {@code file} holding the farthest stray of {@code entity} (of {@code metric},
         * or any when null), for slots of {@code unit}; 0 when none does. The file is read again:
         * the grid keeps no line numbers, and this is read only on the way to a refusal.
         */
        public long line(Path file, String entity, String metric, Duration unit) {
            long millis = unit.toMillis();
            NumberedRow row =
                    firstRow(
                            file,
                            r ->
                                    r.entity().equals(entity)
                                            && (metric == null || r.metric().equals(metric))
                                            && Math.floorDiv(r.time().toEpochMilli(), millis)
                                                    == slot);
            return row == null ? 0 : row.line();
        }

        /** {@code " lies 17167 days before its other 600"}, for slots of {@code unit}. */
        public String lie(Duration unit) {
            return (few == 1 ? " lies " : " lie ")
                    + Duration.ofMillis((gap + 1) * unit.toMillis()).toDays()
                    + " days "
                    + (early ? "before" : "after")
                    + " its other "
                    + others;
        }
    }

    /**
     * Calls {@code consumer} with every row of {@code file} in file order, {@code progress} with
     * the number of lines read every 100,000 lines.
     *
     * @throws TraceFormatException naming the line and field of the first malformed row
     */
    public static void forEachRow(Path file, LongConsumer progress, Consumer<TraceRow> consumer) {
        forEachLine(file, progress, (row, lineNo) -> consumer.accept(row));
    }

    /** A row of a trace with the number of its line. */
    public record NumberedRow(long line, TraceRow row) {}

    /** The first row of {@code file} that matches, with its line number, or null when none does. */
    public static NumberedRow firstRow(Path file, Predicate<TraceRow> match) {
        NumberedRow[] first = {null};
        forEachLine(
                file,
                lines -> {},
                (row, lineNo) -> {
                    if (first[0] == null && match.test(row)) {
                        first[0] = new NumberedRow(lineNo, row);
                    }
                });
        return first[0];
    }

    private static void forEachLine(
            Path file, LongConsumer progress, ObjLongConsumer<TraceRow> consumer) {
        if (Files.isDirectory(file)) {
            throw new TraceFormatException(
                    file, 0, "is a directory; a trace is one CSV file " + HEADER);
        }
        if (!Files.isRegularFile(file)) {
            throw new TraceFormatException(
                    file,
                    0,
                    Files.exists(file)
                            ? "is not a regular file (a device or a pipe); a trace is one CSV file "
                                    + HEADER
                            : "no such trace file");
        }
        try (TraceLines in = TraceLines.open(file)) {
            String header = in.readLine();
            if (header == null) {
                throw new TraceFormatException(
                        file, 0, "the file is empty; a trace starts with the header " + HEADER);
            }
            // a spreadsheet's capitals or spaces after the commas are not part of the header (nor
            // is a byte-order mark, which TraceLines drops)
            String names = header.replaceAll("\\s", "");
            if (!names.equalsIgnoreCase(HEADER)) {
                throw new TraceFormatException(
                        file,
                        1,
                        // a binary file's bytes were printed raw
                        "header must be '" + HEADER + "', found " + Shown.quoted(header.strip()));
            }
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                long lineNo = in.lineNo();
                if (lineNo % 100_000 == 0) {
                    progress.accept(lineNo);
                }
                if (!line.isBlank()) {
                    consumer.accept(parse(file, lineNo, line), lineNo);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace " + file + ": " + e.getMessage(), e);
        }
    }

    private static DemandGrid toGrid(
            Map<String, Map<Long, Double>> byEntity, long minSlot, long maxSlot, Duration step) {
        int steps = Math.toIntExact(maxSlot - minSlot + 1);
        List<String> entities = new ArrayList<>(byEntity.keySet());
        double[][] values = new double[entities.size()][steps];
        int[] first = new int[entities.size()];
        int[] last = new int[entities.size()];
        BitSet[] filled = new BitSet[entities.size()];
        for (int e = 0; e < entities.size(); e++) {
            filled[e] = new BitSet();
            Map<Long, Double> slots = byEntity.get(entities.get(e));
            LongSummaryStatistics span =
                    slots.keySet().stream().mapToLong(Long::longValue).summaryStatistics();
            long firstSlot = span.getMin();
            first[e] = (int) (firstSlot - minSlot);
            last[e] = (int) (span.getMax() - minSlot);
            double previous = slots.get(firstSlot);
            for (int t = 0; t < steps; t++) {
                Double v = slots.get(minSlot + t);
                if (v == null && t > first[e] && t < last[e]) {
                    filled[e].set(t);
                }
                previous = v != null ? v : previous;
                values[e][t] = previous;
            }
        }
        Instant start = Instant.ofEpochMilli(minSlot * step.toMillis());
        return new DemandGrid(start, step, entities, values, first, last, filled);
    }

    private static TraceRow parse(Path file, long lineNo, String line) {
        String[] f = line.indexOf('"') < 0 ? unquoted(line) : quoted(file, lineNo, line);
        if (f.length != 4) {
            throw new TraceFormatException(
                    file, lineNo, "expected 4 fields " + HEADER + ", found " + f.length);
        }
        Instant time;
        try {
            time = Instant.parse(f[0]);
        } catch (DateTimeParseException e) {
            throw new TraceFormatException(
                    file,
                    lineNo,
                    "timestamp '" + f[0] + "' is not ISO-8601 UTC" + timestampHint(f[0]));
        }
        if (f[1].isBlank()) {
            throw new TraceFormatException(file, lineNo, "entity is empty");
        }
        try {
            // the names the job takes (a control character, more than 1,024 characters: refused)
            SeriesNames.require("entity", f[1]);
            SeriesNames.require("metric", f[2]);
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException(file, lineNo, e.getMessage());
        }
        double value;
        try {
            value = Decimals.parse(f[3]);
        } catch (NumberFormatException e) {
            throw new TraceFormatException(file, lineNo, "value '" + f[3] + "' is not a number");
        }
        String problem = valueProblem(value);
        if (problem != null) {
            throw new TraceFormatException(file, lineNo, "value '" + f[3] + "' " + problem);
        }
        return new TraceRow(time, f[1], f[2], value);
    }

    /** What a timestamp that does not parse looks like it is, and how to write it. */
    private static String timestampHint(String text) {
        String written = "; write " + EXAMPLE_TIME;
        if (text.matches("\\d{1,15}")) {
            // epoch seconds, or milliseconds from 2001-09-09 on (a 13-digit number)
            long n = Long.parseLong(text);
            boolean millis = n >= 100_000_000_000L;
            return " (as epoch "
                    + (millis ? "milliseconds" : "seconds")
                    + " it would be "
                    + (millis ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n))
                    + ": write that)";
        }
        if (text.matches("\\d+(\\.\\d*)?")) {
            return " (epoch seconds or milliseconds?)" + written;
        }
        if (text.matches("\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?")) {
            return " (no zone: a UTC time ends in Z)" + written;
        }
        return written;
    }

    /**
     * What is wrong with a trace's or NAB file's value, or null: not finite, or beyond the bound
     * the streaming job puts on a sample's value (|v| &le; {@link ParserConfig#VALUE_BOUND}, 1e18),
     * said as the job says it (within its own check, {@code SampleParser}). A value the job would
     * dead-letter is no demand to score offline, and one near {@code Double.MAX_VALUE} turns the
     * policies' sums into infinity and NaN.
     */
    public static String valueProblem(double value) {
        if (!Double.isFinite(value)) {
            return "is not finite";
        }
        double bound = ParserConfig.VALUE_BOUND;
        return Math.abs(value) <= bound
                ? null
                : "is out of range ["
                        + Decimals.plain(-bound)
                        + ", "
                        + Decimals.plain(bound)
                        + "] (the job dead-letters it)";
    }

    /** The fields of a line without quotes, each trimmed. */
    private static String[] unquoted(String line) {
        String[] f = line.split(",", -1);
        for (int i = 0; i < f.length; i++) {
            f[i] = f[i].strip();
        }
        return f;
    }

    /**
     * The fields of a line with quotes, as RFC 4180 has them (and {@code allocations.csv} writes
     * them): a field in double quotes may hold commas, and {@code ""} inside it is one quote. A
     * quoted field is kept as written between its quotes (white space outside them is dropped), an
     * unquoted one is trimmed.
     */
    private static String[] quoted(Path file, long lineNo, String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            int start = skipSpace(line, i);
            if (start < line.length() && line.charAt(start) == '"') {
                i = start;
                int close = i + 1;
                while (true) {
                    int q = line.indexOf('"', close);
                    if (q < 0) {
                        throw new TraceFormatException(
                                file,
                                lineNo,
                                "a quote opened at column " + (i + 1) + " is not closed");
                    }
                    field.append(line, close, q);
                    if (q + 1 < line.length() && line.charAt(q + 1) == '"') {
                        field.append('"');
                        close = q + 2;
                    } else {
                        i = skipSpace(line, q + 1);
                        break;
                    }
                }
                if (i < line.length() && line.charAt(i) != ',') {
                    throw new TraceFormatException(
                            file, lineNo, "text after a closing quote at column " + (i + 1));
                }
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? line.length() : comma;
                field.append(line.substring(i, end).strip());
                i = end;
            }
            fields.add(field.toString());
            field.setLength(0);
            if (i >= line.length()) {
                return fields.toArray(String[]::new);
            }
            i++;
        }
    }

    /** The index of the first character at or after {@code i} that is not white space. */
    private static int skipSpace(String line, int i) {
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }
}
