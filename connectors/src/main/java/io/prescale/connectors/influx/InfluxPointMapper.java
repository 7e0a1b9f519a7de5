package io.prescale.connectors.influx;

import java.io.Serializable;
import org.influxdb.dto.Point;

/** Turns one stream element into one InfluxDB point, or none. */
@FunctionalInterface
public interface InfluxPointMapper<T> extends Serializable {
    /** The element's point; null when the element is not written (e.g. a horizon left out). */
    Point toPoint(T element);
}
