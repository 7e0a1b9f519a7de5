package io.prescale.operators.allocation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The pressures (demand over allocation) of an entity's resources per grid step, kept in keyed map
 * state until the watermark says every window of the step is in, and then taken in step order to
 * follow the bottleneck. Kept only with several resources.
 *
 * <p>The metrics of an entity are windowed by different window subtasks, which can be many steps
 * apart while the job works through a backlog or a replay; comparing a step when the entity's next
 * step began, with only each resource's last pressure kept, left few steps with every pressure
 * known, and a bottleneck that moved for hours could go without a {@code RECLASS} at parallelism 2.
 * A step's value per resource is its pressure, {@code NaN} when unknown (an allocation of 0 under
 * demand), or {@link #RELEASED} when the gap rule released the resource for the step (its metric
 * had stopped): then it is left out of that step's comparison.
 */
final class StepPressures {
    /** The value of a resource the gap rule released for the step. */
    static final double RELEASED = Double.NEGATIVE_INFINITY;

    static final MapStateDescriptor<Long, Map<String, Double>> DESCRIPTOR =
            new MapStateDescriptor<>(
                    "step-pressures", Types.LONG, Types.MAP(Types.STRING, Types.DOUBLE));

    private final MapState<Long, Map<String, Double>> steps;

    StepPressures(MapState<Long, Map<String, Double>> steps) {
        this.steps = steps;
    }

    /** Records {@code resource}'s pressure at {@code step}. */
    void put(long step, String resource, double pressure) throws Exception {
        Map<String, Double> at = steps.get(step);
        Map<String, Double> updated = at == null ? new HashMap<>() : new HashMap<>(at);
        updated.put(resource, pressure);
        steps.put(step, updated);
    }

    /**
     * Records that the gap rule released {@code resource} for {@code step}; only in a step another
     * resource has a window for (a step with none is never compared).
     */
    void released(long step, String resource) throws Exception {
        Map<String, Double> at = steps.get(step);
        if (at != null && !at.containsKey(resource)) {
            put(step, resource, RELEASED);
        }
    }

    /** Removes and returns, in step order, the steps up to {@code through}. */
    List<Map.Entry<Long, Map<String, Double>>> takeThrough(long through) throws Exception {
        List<Map.Entry<Long, Map<String, Double>>> taken = new ArrayList<>();
        for (Map.Entry<Long, Map<String, Double>> e : steps.entries()) {
            if (e.getKey() <= through) {
                taken.add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        taken.sort(Map.Entry.comparingByKey());
        for (Map.Entry<Long, Map<String, Double>> e : taken) {
            steps.remove(e.getKey());
        }
        return taken;
    }

    void clear() {
        steps.clear();
    }
}
