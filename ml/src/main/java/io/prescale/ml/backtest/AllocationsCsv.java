package io.prescale.ml.backtest;

import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.OutputFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code timestamp,entity,allocation}, one row per entity and grid step from its first
 * observed step to its last (the steps it was scored on, and its warm-up); an entity name with a
 * quote, comma or line break is quoted as RFC 4180 says ({@code "a ""b"", c"}).
 */
public final class AllocationsCsv {
    private AllocationsCsv() {}

    public static void write(Path file, DemandGrid grid, double[][] alloc) throws IOException {
        Files.createDirectories(file.getParent());
        String[] times = new String[grid.steps()];
        for (int t = 0; t < times.length; t++) {
            times[t] = grid.timeOf(t).toString();
        }
        StringBuilder line = new StringBuilder(96);
        try (BufferedWriter w =
                Files.newBufferedWriter(OutputFiles.partial(file), StandardCharsets.UTF_8)) {
            w.write("timestamp,entity,allocation\n");
            for (int e = 0; e < alloc.length; e++) {
                String entity = field(grid.entities().get(e));
                for (int t = grid.firstObservedStep()[e]; t <= grid.lastObservedStep()[e]; t++) {
                    line.setLength(0);
                    line.append(times[t]).append(',').append(entity).append(',');
                    appendNumber(line, alloc[e][t]);
                    w.append(line).append('\n');
                }
            }
        }
        OutputFiles.commit(file);
    }

    /**
     * {@code s} as one CSV field: in quotes, its quotes doubled, when it needs them, and when it
     * starts or ends with a space, which a reader of traces trims from a field not in quotes.
     */
    static String field(String s) {
        if (s.indexOf('"') < 0
                && s.indexOf(',') < 0
                && s.indexOf('\n') < 0
                && s.indexOf('\r') < 0
                && s.strip().length() == s.length()) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /**
     * Six decimals, no exponent for ordinary magnitudes, no trailing zeros; below 1 (where six
     * decimals keep fewer than seven digits: a series in units of 10⁻⁹ was written as 0.0 at every
     * step) and from 10⁹ on (where the rounding's {@code v·10⁶} would pass {@code Long.MAX_VALUE}
     * and saturate: every value of a metric in bytes above 9.2·10¹² was written as
     * 9.223372036854775E12) as Java prints it, every digit kept.
     */
    static void appendNumber(StringBuilder b, double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            b.append((long) v);
        } else if (Math.abs(v) >= 1 && Math.abs(v) < 1e9) {
            b.append(Math.round(v * 1e6) / 1e6);
        } else {
            b.append(v);
        }
    }
}
