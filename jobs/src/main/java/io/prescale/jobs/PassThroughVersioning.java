package io.prescale.jobs;

import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import io.prescale.operators.allocation.AllocationRequest;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * TEMPORARY: stands where the capacity arbiter (branch {@code arbiter}) goes, and is to be replaced
 * by it. Grants every request in full (unlimited capacity) and turns it into a versioned {@link
 * ScaleCommand}: keyed by {@code entity/resource}, versions 1, 2, 3, ... with no gap, action
 * RELEASE for a session end, else SCALE_UP or SCALE_DOWN against the previous target. The last
 * version lives as long as the actuator remembers versions, so that a later session of the same
 * entity continues the sequence.
 */
final class PassThroughVersioning
        extends KeyedProcessFunction<String, AllocationRequest, ScaleCommand> {
    private final Duration ttl;
    private transient ValueState<Long> version;
    private transient ValueState<Double> last;

    PassThroughVersioning(Duration ttl) {
        this.ttl = ttl;
    }

    static String keyOf(AllocationRequest r) {
        return r.entity() + "/" + r.resource();
    }

    @Override
    public void open(OpenContext ctx) {
        StateTtlConfig expiry = StateTtlConfig.newBuilder(ttl).build();
        ValueStateDescriptor<Long> v = new ValueStateDescriptor<>("version", Types.LONG);
        v.enableTimeToLive(expiry);
        ValueStateDescriptor<Double> a = new ValueStateDescriptor<>("target", Types.DOUBLE);
        a.enableTimeToLive(expiry);
        version = getRuntimeContext().getState(v);
        last = getRuntimeContext().getState(a);
    }

    @Override
    public void processElement(AllocationRequest r, Context ctx, Collector<ScaleCommand> out)
            throws Exception {
        long v = version.value() == null ? 1 : version.value() + 1;
        double before = last.value() == null ? 0 : last.value();
        ScaleAction action =
                r.reason().startsWith("SESSION_END")
                        ? ScaleAction.RELEASE
                        : r.amount() >= before ? ScaleAction.SCALE_UP : ScaleAction.SCALE_DOWN;
        out.collect(
                new ScaleCommand(
                        r.entity() + "/" + r.resource() + "/" + v,
                        r.entity(),
                        r.resource(),
                        action,
                        r.amount(),
                        r.unit(),
                        before,
                        v,
                        r.reason(),
                        r.quantileLevel(),
                        r.horizonSteps(),
                        r.confidence(),
                        r.tier(),
                        r.issuedAt(),
                        r.neededBy(),
                        r.leaseExpiry()));
        version.update(v);
        last.update(r.amount());
    }
}
