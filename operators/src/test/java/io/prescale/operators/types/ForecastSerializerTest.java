package io.prescale.operators.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.Forecast;
import io.prescale.model.QuantileMap;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class ForecastSerializerTest {
    private static final Instant ISSUED = Instant.parse("2017-01-01T00:05:00.000000123Z");

    private static Forecast forecast(Map<Double, Double> quantiles) {
        return new Forecast("vm-1", "cpu_max_pct", ISSUED, 300, 1, 41.5, quantiles, "ensemble");
    }

    @Test
    void roundTripsEveryKindOfQuantileMap() throws Exception {
        Map<Double, Double> hashed = new LinkedHashMap<>();
        hashed.put(0.9, 50.0);
        hashed.put(0.5, 40.0);
        List<Forecast> forecasts =
                List.of(
                        forecast(QuantileMap.of(new double[] {0.5, 0.9}, new double[] {40, 50})),
                        forecast(hashed),
                        forecast(Map.of()));
        TypeSerializer<Forecast> s =
                ForecastTypeInfo.shared().createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (Forecast f : forecasts) {
            s.serialize(f, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (Forecast f : forecasts) {
            Forecast back = s.deserialize(in);
            assertThat(back).isEqualTo(f);
            assertThat(back.issuedAt()).isEqualTo(ISSUED);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void snapshotRestoresACompatibleSerializer() throws Exception {
        SerializerChecks.assertRestoresCompatible(ForecastSerializer.INSTANCE);
    }
}
