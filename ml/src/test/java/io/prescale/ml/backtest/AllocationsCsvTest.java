package io.prescale.ml.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.trace.DemandGrid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllocationsCsvTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @TempDir Path dir;

    /**
     * An entity name with a quote or a comma is one RFC 4180 field, and so is one with a space at
     * an end (the trace reader trims a field not in quotes); a plain one is unchanged.
     */
    @Test
    void quotesAnEntityNameWithAQuoteOrAComma() throws Exception {
        List<String> entities = List.of("vm-1", "vm \"b\"", "pool,a", "a ");
        DemandGrid grid =
                new DemandGrid(
                        T0,
                        Duration.ofMinutes(5),
                        entities,
                        new double[][] {{1}, {2}, {3}, {4}},
                        new int[4]);
        Path file = dir.resolve("p/allocations.csv");

        AllocationsCsv.write(file, grid, new double[][] {{1.5}, {2}, {3.25}, {4}});

        assertThat(Files.readAllLines(file))
                .containsExactly(
                        "timestamp,entity,allocation",
                        "2024-01-01T00:00:00Z,vm-1,1.5",
                        "2024-01-01T00:00:00Z,\"vm \"\"b\"\"\",2",
                        "2024-01-01T00:00:00Z,\"pool,a\",3.25",
                        "2024-01-01T00:00:00Z,\"a \",4");
    }

    /** Values of a metric in bytes keep their size (they were written as Long.MAX_VALUE / 1e6). */
    @Test
    void largeValuesAreWrittenAsTheyAre() {
        StringBuilder b = new StringBuilder();
        for (double v : new double[] {66716559199061.7, 1.5e9 + 0.25, 2e16, 123.4567891, 7}) {
            AllocationsCsv.appendNumber(b, v);
            b.append(' ');
        }
        assertThat(b.toString())
                .isEqualTo("6.67165591990617E13 1.50000000025E9 2.0E16 123.456789 7 ");
    }

    /** Values below 1 keep every digit: a series in units of 1e-9 was written as 0.0. */
    @Test
    void smallValuesKeepTheirDigits() {
        StringBuilder b = new StringBuilder();
        for (double v : new double[] {1.234567891e-9, 0.000123456789, 0.5, -0.25}) {
            AllocationsCsv.appendNumber(b, v);
            b.append(' ');
        }
        assertThat(b.toString()).isEqualTo("1.234567891E-9 1.23456789E-4 0.5 -0.25 ");
    }
}
