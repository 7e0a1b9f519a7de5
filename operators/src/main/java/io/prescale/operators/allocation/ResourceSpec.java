package io.prescale.operators.allocation;

import io.prescale.model.SeriesNames;
import java.io.Serializable;

/**
 * A resource the job allocates and the metric whose per-window maximum is its demand.
 *
 * @param resource the resource, e.g. {@code cpu}, {@code memory}, {@code network}
 * @param metric the demand metric, e.g. {@code cpu_pct}
 * @param unit the unit of the allocation, the demand metric's unit, e.g. {@code pct}
 */
public record ResourceSpec(String resource, String metric, String unit) implements Serializable {

    public ResourceSpec {
        SeriesNames.require("resource", resource);
        SeriesNames.require("metric", metric);
        SeriesNames.require("unit", unit);
    }

    /**
     * Parses {@code resource:metric:unit}, e.g. {@code cpu:cpu_pct:pct}.
     *
     * @throws IllegalArgumentException naming the entry that does not fit
     */
    public static ResourceSpec parse(String entry) {
        String[] f = entry.trim().split(":", -1);
        if (f.length != 3 || f[0].isBlank() || f[1].isBlank() || f[2].isBlank()) {
            throw new IllegalArgumentException(
                    "resource mapping entry must be resource:metric:unit, was '" + entry + "'");
        }
        return new ResourceSpec(f[0].trim(), f[1].trim(), f[2].trim());
    }
}
