package io.prescale.operators.allocation;

import io.prescale.ml.policy.DecisionSlot;
import io.prescale.ml.policy.PrescalePolicy;
import io.prescale.ml.policy.PrescaleState;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per entity, feeds the demand of each window (its maximum of the demand metric) to the same {@link
 * PrescalePolicy} the backtest replays, and emits a versioned absolute {@link ScaleCommand}
 * whenever the allocation it decides changes. Step {@code s} is the window start divided by the
 * step; the decision made at {@code s} is for {@code s + L} ({@code neededBy}). The first window of
 * an entity also commands the policy's cold-start allocation for its own step. State: the policy
 * state (encoded, with its version byte), the last commanded amount and the command version; all of
 * it lives as long as the entity sends windows.
 */
public final class AllocationFunction
        extends KeyedProcessFunction<String, WindowAggregate, ScaleCommand> {
    private final AllocationSettings settings;
    private transient PrescalePolicy policy;
    private transient DecisionSlot slot;
    private transient ValueState<PrescaleState> policyState;
    private transient ValueState<Double> commanded;
    private transient ValueState<Long> version;
    private transient Counter commands;

    public AllocationFunction(AllocationSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext ctx) {
        policy = new PrescalePolicy(settings.policy());
        slot = new DecisionSlot();
        // a record of primitive arrays: Flink's POJO serializer, no per-access encoding on heap
        policyState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "policy", TypeInformation.of(PrescaleState.class)));
        commanded =
                getRuntimeContext().getState(new ValueStateDescriptor<>("commanded", Types.DOUBLE));
        version = getRuntimeContext().getState(new ValueStateDescriptor<>("version", Types.LONG));
        commands = getRuntimeContext().getMetricGroup().counter("commandsIssued");
    }

    @Override
    public void processElement(WindowAggregate w, Context ctx, Collector<ScaleCommand> out)
            throws Exception {
        if (!w.metric().equals(settings.demandMetric())) {
            return;
        }
        long stepMillis = settings.step().toMillis();
        long gridStep = Math.floorDiv(w.windowStart().toEpochMilli(), stepMillis);
        PrescaleState state = policyState.value();
        if (state == null) {
            state = policy.start(gridStep, null, slot);
            emit(w, gridStep, out);
        }
        policy.step(state, gridStep, w.max(), slot);
        emit(w, gridStep + settings.policy().leadSteps(), out);
        policyState.update(state);
    }

    /** Emits a command for the slot's allocation at {@code forStep} if it differs from the last. */
    private void emit(WindowAggregate w, long forStep, Collector<ScaleCommand> out)
            throws Exception {
        double target = slot.allocation();
        Double previous = commanded.value();
        if (previous != null && previous == target) {
            return;
        }
        long v = version.value() == null ? 1 : version.value() + 1;
        double before = previous == null ? 0 : previous;
        Instant neededBy = Instant.ofEpochMilli(forStep * settings.step().toMillis());
        out.collect(
                new ScaleCommand(
                        w.entity() + "/" + settings.resource() + "/" + v,
                        w.entity(),
                        settings.resource(),
                        target >= before ? ScaleAction.SCALE_UP : ScaleAction.SCALE_DOWN,
                        target,
                        settings.unit(),
                        before,
                        v,
                        reason(),
                        orZero(slot.quantileLevel()),
                        settings.policy().leadSteps(),
                        orZero(slot.confidence()),
                        0,
                        w.windowEnd(),
                        neededBy,
                        neededBy.plus(settings.lease()).plus(settings.step())));
        commanded.update(target);
        version.update(v);
        commands.inc();
    }

    private String reason() {
        String forecast =
                Double.isNaN(slot.forecast())
                        ? ""
                        : String.format(" forecast=%.4g", slot.forecast());
        return slot.reason() + forecast;
    }

    private static double orZero(double x) {
        return Double.isNaN(x) ? 0 : Math.max(0, Math.min(1, x));
    }

    /** The allocation step of a command: the grid step it is needed by. */
    public static long stepOf(ScaleCommand c, Duration step) {
        return Math.floorDiv(c.neededBy().toEpochMilli(), step.toMillis());
    }
}
