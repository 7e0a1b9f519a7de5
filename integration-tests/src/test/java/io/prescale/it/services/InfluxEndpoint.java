package io.prescale.it.services;

import java.util.UUID;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;

/** The InfluxDB 1.x server a test talks to, without authentication. */
public record InfluxEndpoint(String url, ServiceSource source) {

    public InfluxEndpoint {
        if (url == null || !url.startsWith("http")) {
            throw new IllegalArgumentException("Invalid InfluxDB url '" + url + "'");
        }
    }

    /** A new client; the caller closes it. */
    public InfluxDB connect() {
        return InfluxDBFactory.connect(url);
    }

    /**
     * Creates a database named {@code prefix_<random>} and returns the name, so every test writes
     * to a fresh database even on a shared external server.
     */
    public String createDatabase(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        try (InfluxDB influx = connect()) {
            // CREATE must be POSTed: InfluxDB 1.x refuses writes to the schema over GET
            influx.query(new Query("CREATE DATABASE \"" + name + "\"", null, true));
        }
        return name;
    }
}
