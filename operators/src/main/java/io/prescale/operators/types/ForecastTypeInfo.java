package io.prescale.operators.types;

import io.prescale.model.Forecast;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type of a stream of {@link Forecast}s serialized by {@link ForecastSerializer}; {@link
 * #shared()} is the one to use (chained consumers share each forecast).
 */
public final class ForecastTypeInfo extends TypeInformation<Forecast> {
    private static final long serialVersionUID = 1L;

    private ForecastTypeInfo() {}

    /** Forecasts shared by chained consumers and serialized by {@link ForecastSerializer}. */
    public static SharedRecordTypeInfo<Forecast> shared() {
        return SharedRecordTypeInfo.of(Forecast.class, new ForecastTypeInfo());
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<Forecast> getTypeClass() {
        return Forecast.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<Forecast> createSerializer(SerializerConfig config) {
        return ForecastSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "Forecast(ForecastSerializer)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForecastTypeInfo;
    }

    @Override
    public int hashCode() {
        return ForecastTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof ForecastTypeInfo;
    }
}
