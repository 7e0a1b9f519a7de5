package io.prescale.jobs;

import io.prescale.model.Forecast;
import io.prescale.model.WindowAggregate;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;

/**
 * How the job's outputs look in InfluxDB. Measurements: {@code metric} (one point per window: tags
 * entity, metric; fields count, mean, max, p95; time = window start) and {@code forecast} (tags
 * entity, metric, model, horizon; field mean; time = the time the forecast is for).
 */
public final class InfluxPoints {
    private InfluxPoints() {}

    public static Point window(WindowAggregate w) {
        return Point.measurement("metric")
                .time(w.windowStart().toEpochMilli(), TimeUnit.MILLISECONDS)
                .tag("entity", w.entity())
                .tag("metric", w.metric())
                .addField("count", w.count())
                .addField("mean", w.mean())
                .addField("max", w.max())
                .addField("p95", w.p95())
                .build();
    }

    public static Point forecast(Forecast f) {
        long target = f.target().toEpochMilli();
        return Point.measurement("forecast")
                .time(target, TimeUnit.MILLISECONDS)
                .tag("entity", f.entity())
                .tag("metric", f.metric())
                .tag("model", f.model())
                .tag("horizon", Integer.toString(f.horizon()))
                .addField("mean", f.mean())
                .build();
    }
}
