package io.prescale.operators.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.WindowAggregate;
import io.prescale.operators.types.SerializerChecks;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

class WindowAggregateSerializerTest {
    private static final Instant START = Instant.parse("2017-01-01T00:05:00.000000123Z");

    private static TypeSerializer<WindowAggregate> serializer() {
        return WindowAggregateSerializer.type().createSerializer(new SerializerConfigImpl());
    }

    @Test
    void roundTrips() throws Exception {
        SerializerChecks.assertRoundTrips(
                serializer(),
                List.of(
                        new WindowAggregate(
                                "vm-1",
                                "cpu_max_pct",
                                START,
                                START.plusSeconds(300),
                                3,
                                41.5,
                                57.25,
                                56.0),
                        new WindowAggregate(
                                "vm-ü",
                                "requests_per_min",
                                START,
                                START.plusNanos(1),
                                1,
                                -0.0,
                                -1e300,
                                Double.MIN_VALUE)));
    }

    @Test
    void copiesAreTheWindowItself() {
        WindowAggregate w =
                new WindowAggregate("vm-1", "m", START, START.plusSeconds(60), 1, 1, 1, 1);
        assertThat(serializer().copy(w)).isSameAs(w);
    }

    @Test
    void snapshotRestoresACompatibleSerializer() throws Exception {
        SerializerChecks.assertRestoresCompatible(WindowAggregateSerializer.INSTANCE);
    }
}
