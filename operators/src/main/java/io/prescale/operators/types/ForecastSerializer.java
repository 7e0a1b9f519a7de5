package io.prescale.operators.types;

import io.prescale.model.Forecast;
import io.prescale.model.QuantileMap;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A {@link Forecast} field by field: entity, metric, issued-at (epoch seconds, nanos), step
 * seconds, horizon, mean, the number of quantiles then each level and value in the map's order,
 * model. Flink's record serializer reads the quantiles into a {@code HashMap} of boxed doubles by
 * reflection, which the record's constructor then copies; this one reads them into a {@link
 * QuantileMap}. For stream elements only (the one-step forecasts on their way to the ratings), not
 * state.
 */
public final class ForecastSerializer extends ImmutableRecordSerializer<Forecast> {
    private static final long serialVersionUID = 1L;

    static final ForecastSerializer INSTANCE = new ForecastSerializer();

    private ForecastSerializer() {}

    @Override
    public void serialize(Forecast f, DataOutputView out) throws IOException {
        StringSerializer.INSTANCE.serialize(f.entity(), out);
        StringSerializer.INSTANCE.serialize(f.metric(), out);
        writeInstant(f.issuedAt(), out);
        out.writeLong(f.stepSeconds());
        out.writeInt(f.horizon());
        out.writeDouble(f.mean());
        Map<Double, Double> q = f.quantiles();
        out.writeInt(q.size());
        if (q instanceof QuantileMap m) {
            for (int i = 0; i < m.size(); i++) {
                out.writeDouble(m.level(i));
                out.writeDouble(m.value(i));
            }
        } else {
            for (Map.Entry<Double, Double> e : q.entrySet()) {
                out.writeDouble(e.getKey());
                out.writeDouble(e.getValue());
            }
        }
        StringSerializer.INSTANCE.serialize(f.model(), out);
    }

    @Override
    public Forecast deserialize(DataInputView in) throws IOException {
        String entity = StringSerializer.INSTANCE.deserialize(in);
        String metric = StringSerializer.INSTANCE.deserialize(in);
        Instant issuedAt = readInstant(in);
        long stepSeconds = in.readLong();
        int horizon = in.readInt();
        double mean = in.readDouble();
        int n = in.readInt();
        double[] levels = new double[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            levels[i] = in.readDouble();
            values[i] = in.readDouble();
        }
        String model = StringSerializer.INSTANCE.deserialize(in);
        Map<Double, Double> quantiles = n == 0 ? Map.of() : QuantileMap.of(levels, values);
        return new Forecast(entity, metric, issuedAt, stepSeconds, horizon, mean, quantiles, model);
    }

    @Override
    public TypeSerializerSnapshot<Forecast> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Nothing to record: one format. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Forecast> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
