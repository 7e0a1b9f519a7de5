package io.prescale.operators.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.operators.types.SerializerChecks;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

class AllocationRequestSerializerTest {
    private static final Instant ISSUED = Instant.parse("2017-01-01T00:05:00.000000123Z");

    private static AllocationRequest request(double amount, String reason) {
        return new AllocationRequest(
                "vm-1",
                "default",
                "cpu",
                "pct",
                2,
                amount,
                amount / 4,
                amount / 8,
                reason,
                0.99,
                3,
                0.25,
                ISSUED,
                ISSUED.plusSeconds(900),
                ISSUED.plusSeconds(1800));
    }

    private static TypeSerializer<AllocationRequest> serializer() {
        return AllocationRequest.type().createSerializer(new SerializerConfigImpl());
    }

    @Test
    void roundTrips() throws Exception {
        SerializerChecks.assertRoundTrips(
                serializer(),
                List.of(
                        request(57.5, "SCALE_UP_FORECAST forecast=57.25 ≥ µ"),
                        request(0, ""),
                        request(1e300, "x")));
    }

    @Test
    void copiesAreTheRequestItself() {
        AllocationRequest r = request(1, "r");
        assertThat(serializer().copy(r)).isSameAs(r);
    }

    @Test
    void snapshotRestoresACompatibleSerializer() throws Exception {
        SerializerChecks.assertRestoresCompatible(AllocationRequestSerializer.INSTANCE);
    }
}
