package io.prescale.connectors.influx;

/**
 * InfluxDB refused a batch for good (e.g. a field type conflict or a point it cannot parse):
 * writing it again would fail again, so the sink drops it, counts it and logs it instead of
 * retrying.
 */
public final class PointsRejectedException extends Exception {
    public PointsRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
