package io.prescale.operators.actuation;

import io.prescale.model.GatedCommand;
import io.prescale.model.ScaleCommand;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Marks each command as passed when its version is newer than the newest one passed for its
 * (entity, resource), else as superseded, and forwards both to the actuator. Commands carry
 * absolute targets, so this makes applying them idempotent: a redelivered or late command changes
 * nothing. The actuator, not the gate, reports a superseded command: the amount in force is what
 * the backend runs, and the newest command passed may have been rejected or may have failed. The
 * version is kept in keyed state with a TTL, so entities that stop sending commands do not leak
 * state.
 *
 * <p>The sink must stay forward-connected to the gate (same parallelism, no repartitioning): then a
 * superseded command reaches the actuator after the outcome of every command passed before it for
 * its key.
 */
public final class VersionGate
        extends KeyedProcessFunction<CommandKey, ScaleCommand, GatedCommand> {
    private final Duration stateTtl;
    private transient ValueState<Long> newestVersion;

    /**
     * @param stateTtl how long a key's newest version is remembered after its last command
     */
    public VersionGate(Duration stateTtl) {
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        // a checkpoint from before the actuator reported SUPERSEDED also holds "newest-target",
        // which is no longer read
        ValueStateDescriptor<Long> d = new ValueStateDescriptor<>("newest-version", Types.LONG);
        d.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
        newestVersion = getRuntimeContext().getState(d);
    }

    @Override
    public void processElement(ScaleCommand c, Context ctx, Collector<GatedCommand> out)
            throws Exception {
        Long newest = newestVersion.value();
        if (newest != null && c.version() <= newest) {
            out.collect(GatedCommand.superseded(c, newest));
            return;
        }
        newestVersion.update(c.version());
        out.collect(GatedCommand.passed(c));
    }
}
