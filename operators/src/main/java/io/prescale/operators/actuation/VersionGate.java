package io.prescale.operators.actuation;

import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import io.prescale.model.ScaleCommand;
import java.time.Clock;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Passes a command on only when its version is newer than the newest one passed for its (entity,
 * resource); an older or repeated one becomes a {@code SUPERSEDED} result on {@link #SUPERSEDED},
 * whose amount is the target of the newest command passed (the one that stays in force). Commands
 * carry absolute targets, so this makes applying them idempotent: a redelivered or late command
 * changes nothing. The version is kept in keyed state with a TTL, so entities that stop sending
 * commands do not leak state.
 */
public final class VersionGate
        extends KeyedProcessFunction<CommandKey, ScaleCommand, ScaleCommand> {
    public static final OutputTag<ActuationResult> SUPERSEDED =
            new OutputTag<>("superseded", TypeInformation.of(ActuationResult.class));

    private final Duration stateTtl;
    private final Clock clock;
    private transient ValueState<Long> newestVersion;
    private transient ValueState<Double> newestTarget;
    private transient Counter superseded;

    /**
     * @param stateTtl how long a key's newest version is remembered after its last command
     * @param clock for the time of SUPERSEDED results
     */
    public VersionGate(Duration stateTtl, Clock clock) {
        this.stateTtl = stateTtl;
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Long> d = new ValueStateDescriptor<>("newest-version", Types.LONG);
        d.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
        newestVersion = getRuntimeContext().getState(d);
        ValueStateDescriptor<Double> t = new ValueStateDescriptor<>("newest-target", Types.DOUBLE);
        t.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
        newestTarget = getRuntimeContext().getState(t);
        superseded = getRuntimeContext().getMetricGroup().counter("commandsSuperseded");
    }

    @Override
    public void processElement(ScaleCommand c, Context ctx, Collector<ScaleCommand> out)
            throws Exception {
        Long newest = newestVersion.value();
        if (newest != null && c.version() <= newest) {
            superseded.inc();
            ctx.output(
                    SUPERSEDED,
                    new ActuationResult(
                            c.id(),
                            c.entity(),
                            c.resource(),
                            c.version(),
                            ActuationStatus.SUPERSEDED,
                            inForce(c),
                            "version-gate",
                            clock.instant(),
                            "version " + c.version() + " is not newer than " + newest));
            return;
        }
        newestVersion.update(c.version());
        newestTarget.update(c.targetAmount());
        out.collect(c);
    }

    /**
     * The target of the newest command passed, which stays in force; the superseded command's
     * previous amount for state from before the target was kept.
     */
    private double inForce(ScaleCommand c) throws Exception {
        Double target = newestTarget.value();
        return target == null ? c.previousAmount() : target;
    }
}
