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

    /** An entity name with a quote or a comma is one RFC 4180 field; a plain one is unchanged. */
    @Test
    void quotesAnEntityNameWithAQuoteOrAComma() throws Exception {
        List<String> entities = List.of("vm-1", "vm \"b\"", "pool,a");
        DemandGrid grid =
                new DemandGrid(
                        T0,
                        Duration.ofMinutes(5),
                        entities,
                        new double[][] {{1}, {2}, {3}},
                        new int[3]);
        Path file = dir.resolve("p/allocations.csv");

        AllocationsCsv.write(file, grid, new double[][] {{1.5}, {2}, {3.25}});

        assertThat(Files.readAllLines(file))
                .containsExactly(
                        "timestamp,entity,allocation",
                        "2024-01-01T00:00:00Z,vm-1,1.5",
                        "2024-01-01T00:00:00Z,\"vm \"\"b\"\"\",2",
                        "2024-01-01T00:00:00Z,\"pool,a\",3.25");
    }
}
