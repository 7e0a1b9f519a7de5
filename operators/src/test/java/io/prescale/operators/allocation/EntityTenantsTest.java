package io.prescale.operators.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.MetricPoint;
import io.prescale.model.RecordOrigin;
import org.apache.flink.streaming.api.operators.StreamFlatMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class EntityTenantsTest {
    private static final RecordOrigin ORIGIN = new RecordOrigin("metrics", 0, 0);

    private static MetricPoint point(
            String entity, String tenant, String metric, long millis, double value) {
        return new MetricPoint(entity, tenant, metric, millis, value, ORIGIN);
    }

    @Test
    void sendsATenantWhenFirstSeenWhenItChangesAndAfterTheRefresh() throws Exception {
        var h =
                new OneInputStreamOperatorTestHarness<>(
                        new StreamFlatMap<>(new EntityTenants(1000, 2)));
        h.open();
        h.processElement(point("a", "t1", "cpu", 0, 1), 0);
        h.processElement(point("a", "t1", "mem", 10, 1), 10);
        h.processElement(point("b", null, "cpu", 10, 1), 10);
        h.processElement(point("a", "t2", "cpu", 20, 1), 20);
        h.processElement(point("a", "t2", "cpu", 1020, 1), 1020);
        h.processElement(point("c", "t1", "cpu", 1030, 1), 1030);
        h.processElement(point("d", "t1", "cpu", 1030, 1), 1030);
        h.processElement(point("a", "t2", "cpu", 1040, 1), 1040);
        assertThat(h.extractOutputValues())
                .extracting(e -> e.entity() + ":" + e.tenant())
                .as("a forgotten entity (capacity 2) is simply sent again")
                .containsExactly("a:t1", "a:t2", "a:t2", "c:t1", "d:t1", "a:t2");
        h.close();
    }
}
