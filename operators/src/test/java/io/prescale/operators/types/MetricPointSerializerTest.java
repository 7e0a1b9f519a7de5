package io.prescale.operators.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.MetricPoint;
import io.prescale.model.RecordOrigin;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

class MetricPointSerializerTest {
    private static final long T = 1_483_228_800_123L;

    private static TypeSerializer<MetricPoint> serializer() {
        return MetricPointSerializer.type().createSerializer(new SerializerConfigImpl());
    }

    @Test
    void roundTripsPointsWithTheRecordTheyCameIn() throws Exception {
        RecordOrigin kafka = new RecordOrigin("prescale.metrics", 7, Long.MAX_VALUE - 1);
        SerializerChecks.assertRoundTrips(
                serializer(),
                List.of(
                        new MetricPoint("vm-1", null, "cpu_max_pct", T, 57.25, kafka),
                        // names beyond Latin-1 and with JSON's special characters
                        new MetricPoint("vm \"ü\"\\1", "acme µ", "mem\tx", -T, -0.0, kafka),
                        new MetricPoint(
                                "vm-2",
                                "",
                                "m",
                                0,
                                Double.MIN_VALUE,
                                new RecordOrigin("", -1, -1))));
    }

    @Test
    void copiesAreThePointItself() {
        MetricPoint p = new MetricPoint("vm", null, "cpu", T, 1, new RecordOrigin("m", 0, 1));
        assertThat(serializer().copy(p)).isSameAs(p);
        assertThat(serializer().isImmutableType()).isTrue();
    }

    @Test
    void snapshotRestoresACompatibleSerializer() throws Exception {
        SerializerChecks.assertRestoresCompatible(MetricPointSerializer.INSTANCE);
    }
}
