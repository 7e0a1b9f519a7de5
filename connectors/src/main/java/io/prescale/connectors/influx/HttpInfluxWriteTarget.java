package io.prescale.connectors.influx;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;

/** Writes through the InfluxDB v1 HTTP API (served by 1.x, and by 2.x/3.x compatibility). */
public final class HttpInfluxWriteTarget implements InfluxWriteTarget {
    private final InfluxDB client;

    public HttpInfluxWriteTarget(InfluxSinkConfig config) {
        this.client = InfluxDBFactory.connect(config.url());
    }

    @Override
    public void open(String database) throws IOException {
        try {
            client.query(new Query("CREATE DATABASE \"" + database.replace("\"", "") + "\""));
        } catch (RuntimeException e) {
            throw new IOException("cannot create InfluxDB database " + database + ": " + e, e);
        }
    }

    @Override
    public void write(String database, List<Point> batch) throws IOException {
        BatchPoints points =
                BatchPoints.database(database)
                        .precision(TimeUnit.MILLISECONDS)
                        .points(batch)
                        .build();
        try {
            client.write(points);
        } catch (RuntimeException e) {
            throw new IOException("InfluxDB write of " + batch.size() + " points failed: " + e, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
