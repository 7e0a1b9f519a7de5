package io.prescale.connectors.influx;

import java.io.Serializable;
import org.influxdb.dto.Point;

/** Turns one stream element into one InfluxDB point. */
@FunctionalInterface
public interface InfluxPointMapper<T> extends Serializable {
    Point toPoint(T element);
}
