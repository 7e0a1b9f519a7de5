package io.prescale.operators.allocation;

import io.prescale.model.MetricPoint;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Tells the allocation operator each entity's tenant (windows do not carry it): emits {@link
 * EntityEvent#tenantOf} when a subtask first sees an entity's tenant, when it changes, and again
 * once {@code refreshMillis} of event time have passed since it last did (so a session that starts
 * after its entity was idle learns its tenant again). A bounded least-recently-used map per subtask
 * holds what was sent; forgetting an entity only costs a repeat.
 */
public final class EntityTenants extends RichFlatMapFunction<MetricPoint, EntityEvent> {
    private final long refreshMillis;
    private final int capacity;
    private transient Map<String, Sent> sent;

    private record Sent(String tenant, long atMillis) {}

    /**
     * @param refreshMillis event time after which a tenant is sent again, &gt; 0
     * @param capacity entities remembered per subtask, &ge; 1
     */
    public EntityTenants(long refreshMillis, int capacity) {
        if (refreshMillis <= 0 || capacity < 1) {
            throw new IllegalArgumentException(
                    "refreshMillis must be > 0 and capacity >= 1, were "
                            + refreshMillis
                            + " and "
                            + capacity);
        }
        this.refreshMillis = refreshMillis;
        this.capacity = capacity;
    }

    @Override
    public void open(OpenContext ctx) {
        sent =
                new LinkedHashMap<>(1024, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Sent> eldest) {
                        return size() > capacity;
                    }
                };
    }

    @Override
    public void flatMap(MetricPoint p, Collector<EntityEvent> out) {
        if (p.tenant() == null) {
            return;
        }
        Sent last = sent.get(p.entity());
        if (last == null
                || !last.tenant().equals(p.tenant())
                || p.timestampMillis() >= last.atMillis() + refreshMillis) {
            sent.put(p.entity(), new Sent(p.tenant(), p.timestampMillis()));
            out.collect(EntityEvent.tenantOf(p.entity(), p.tenant()));
        }
    }
}
