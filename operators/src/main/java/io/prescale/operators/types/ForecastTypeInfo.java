package io.prescale.operators.types;

import io.prescale.model.Forecast;

/** The type of a stream of {@link Forecast}s serialized by {@link ForecastSerializer}. */
public final class ForecastTypeInfo {
    private ForecastTypeInfo() {}

    /** Forecasts shared by chained consumers and serialized by {@link ForecastSerializer}. */
    public static SharedRecordTypeInfo<Forecast> shared() {
        return SharedRecordTypeInfo.of(
                Forecast.class, SerializedTypeInfo.of(Forecast.class, ForecastSerializer.INSTANCE));
    }
}
