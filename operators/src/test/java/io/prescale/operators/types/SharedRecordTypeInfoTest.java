package io.prescale.operators.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.model.Forecast;
import io.prescale.operators.window.WindowAccumulator;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * A shared record type writes exactly the bytes Flink's own type writes (generic types off), reads
 * them back equal, and copies by handing out the record itself; only records qualify.
 */
class SharedRecordTypeInfoTest {
    private static final Forecast F =
            new Forecast(
                    "vm-1",
                    "cpu_max_pct",
                    Instant.parse("2017-01-01T00:05:00Z"),
                    300,
                    2,
                    41.5,
                    Map.of(0.5, 41.0, 0.99, 77.25),
                    "ensemble");

    @Test
    void serializesAsTheRecordTypeAndCopiesByIdentity() throws Exception {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<Forecast> shared =
                SharedRecordTypeInfo.of(Forecast.class).createSerializer(config);
        TypeSerializer<Forecast> plain =
                TypeInformation.of(Forecast.class).createSerializer(config);
        DataOutputSerializer a = new DataOutputSerializer(256);
        DataOutputSerializer b = new DataOutputSerializer(256);
        shared.serialize(F, a);
        plain.serialize(F, b);
        assertThat(a.getCopyOfBuffer()).isEqualTo(b.getCopyOfBuffer());
        Forecast back = shared.deserialize(new DataInputDeserializer(a.getCopyOfBuffer()));
        assertThat(back).isEqualTo(F).isNotSameAs(F);
        assertThat(shared.copy(F)).isSameAs(F);
        assertThat(shared.copy(F, back)).isSameAs(F);
        assertThat(shared.isImmutableType()).isTrue();
        assertThat(shared.duplicate().copy(F)).isSameAs(F);
        assertThat(plain.copy(F)).isEqualTo(F).isNotSameAs(F);
    }

    @Test
    void onlyRecordsMayBeShared() {
        assertThatThrownBy(() -> SharedRecordTypeInfo.of(WindowAccumulator.class))
                .hasMessageContaining("is not a record");
    }
}
