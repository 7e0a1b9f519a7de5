package io.prescale.operators.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesKeyTest {
    /** What SeriesKey was before it wrote out equals and hashCode: the generated ones. */
    private record Generated(String entity, String metric) {}

    @Test
    void hashesAsTheGeneratedRecordDidSoKeysKeepTheirKeyGroups() {
        List<String> values =
                Arrays.asList(null, "", "vm-1", "cpu_max_pct", "x".repeat(100), "é", "cpu_avg_pct");
        for (String entity : values) {
            for (String metric : values) {
                SeriesKey k = new SeriesKey(entity, metric);
                assertThat(k.hashCode())
                        .as("%s/%s", entity, metric)
                        .isEqualTo(new Generated(entity, metric).hashCode());
                assertThat(k).isEqualTo(new SeriesKey(entity, metric));
            }
        }
    }

    @Test
    void equalsByBothComponents() {
        SeriesKey k = new SeriesKey("vm-1", "cpu");
        assertThat(k)
                .isEqualTo(new SeriesKey(new String("vm-1"), new String("cpu")))
                .isNotEqualTo(new SeriesKey("vm-1", "mem"))
                .isNotEqualTo(new SeriesKey("vm-2", "cpu"))
                .isNotEqualTo(null)
                .isNotEqualTo("vm-1/cpu");
    }
}
