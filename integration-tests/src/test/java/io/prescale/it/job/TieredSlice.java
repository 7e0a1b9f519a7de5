package io.prescale.it.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.it.services.KafkaService;
import io.prescale.model.MetricSample;
import io.prescale.model.ScaleCommand;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A {@link SliceReplay} slice whose VMs share one pool in tiers of two (the first two VMs tier 0,
 * the next two tier 1, …), with what {@code prescale backtest} asks for each VM at each step.
 *
 * @param samples the slice's samples
 * @param entities the VMs, in the backtest's order
 * @param tiers each VM's tier
 * @param asked what each VM asks at each step (the backtest's allocations)
 * @param steps the steps of the slice
 */
record TieredSlice(
        List<MetricSample> samples,
        List<String> entities,
        Map<String, Integer> tiers,
        Map<String, TreeMap<Instant, Double>> asked,
        TreeSet<Instant> steps) {
    static final String POOL = "default";

    /**
     * The first {@code entities} VMs of the trace before {@code end}, backtested in {@code dir}.
     */
    static TieredSlice of(int entities, Instant end, Path dir) throws Exception {
        List<MetricSample> samples = SliceReplay.slice(entities, end);
        Map<String, TreeMap<Instant, Double>> asked = SliceReplay.backtest(samples, dir);
        assertThat(asked).hasSize(entities);
        List<String> vms = new ArrayList<>(asked.keySet());
        Map<String, Integer> tiers = new TreeMap<>();
        for (int i = 0; i < entities; i++) {
            tiers.put(vms.get(i), i / 2);
        }
        TreeSet<Instant> steps = new TreeSet<>(asked.get(vms.get(0)).keySet());
        asked.values().forEach(a -> assertThat(a.keySet()).isEqualTo(steps));
        return new TieredSlice(samples, vms, tiers, asked, steps);
    }

    /** The total asked at step t. */
    double total(Instant t) {
        return asked.values().stream().mapToDouble(a -> a.get(t)).sum();
    }

    /** The total asked at each step, in increasing order. */
    double[] totals() {
        return steps.stream().mapToDouble(this::total).sorted().toArray();
    }

    /**
     * The job over the slice in the pool {@value #POOL} of {@code capacity} (cpu), with the tiers;
     * {@code extraArgs} are further {@code -Dkey=value} options.
     */
    List<ScaleCommand> runJob(KafkaService kafka, double capacity, String... extraArgs)
            throws Exception {
        return runJob(kafka, samples, capacity, extraArgs);
    }

    /**
     * {@link #runJob(KafkaService, double, String...)} over {@code samples} of this slice's VMs.
     */
    List<ScaleCommand> runJob(
            KafkaService kafka, List<MetricSample> samples, double capacity, String... extraArgs)
            throws Exception {
        List<String> args = new ArrayList<>();
        args.add("-Dcapacity.limits=" + POOL + "/cpu:" + capacity);
        args.add(
                "-Dallocation.tiers="
                        + tiers.entrySet().stream()
                                .map(e -> e.getKey() + ":" + e.getValue())
                                .collect(Collectors.joining(",")));
        args.addAll(List.of(extraArgs));
        return SliceReplay.runJob(kafka, samples, args.toArray(String[]::new));
    }
}
