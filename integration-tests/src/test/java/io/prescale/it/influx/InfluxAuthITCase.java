package io.prescale.it.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.cli.infra.LocalInfluxd;
import io.prescale.connectors.Urls;
import io.prescale.connectors.influx.HttpInfluxWriteTarget;
import io.prescale.connectors.influx.InfluxSinkConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An operator's own InfluxDB with authentication on (the fiftieth tester's): a real {@code influxd}
 * with an admin, a database made beforehand and a user who may only write to it. The sink's user of
 * least privilege writes (before, its {@code CREATE DATABASE}, refused as needing admin, failed
 * every write for good); no credentials, a wrong password, and a database the user may not write to
 * are each said as what to fix, not as the server unreachable.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InfluxAuthITCase {
    private static final Duration START = Duration.ofSeconds(60);

    @Test
    void aWriteOnlyUserWritesAndRefusalsSayWhatToFix() throws Exception {
        try (LocalInfluxd influxd = LocalInfluxd.start(START)) {
            try (InfluxDB open = InfluxDBFactory.connect(influxd.url())) {
                for (String q :
                        List.of(
                                "CREATE USER admin WITH PASSWORD 'adm1n' WITH ALL PRIVILEGES",
                                "CREATE DATABASE ops",
                                "CREATE DATABASE other",
                                "CREATE USER writer WITH PASSWORD 'wr1ter'",
                                "GRANT WRITE ON ops TO writer")) {
                    assertThat(open.query(new Query(q, null, true)).getError()).as(q).isNull();
                }
            }
            Path config = influxd.workDir().resolve("influxdb.conf");
            Files.writeString(
                    config,
                    Files.readString(config)
                            .replace("[http]\n", "[http]\n  auth-enabled = true\n"));
            influxd.stop();
            influxd.restart(START);
            String hostPort = influxd.url().substring("http://".length());

            try (HttpInfluxWriteTarget writer = target("http://writer:wr1ter@" + hostPort, "ops")) {
                writer.open("ops");
                writer.write("ops", List.of("m v=1 1000000000", "m v=2 2000000000"));
                assertThatThrownBy(() -> writer.write("other", List.of("m v=1 1000000000")))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("does not let the user of influx.url write to other")
                        .hasMessageContaining("GRANT WRITE ON \"other\"");
            }
            try (InfluxDB admin = InfluxDBFactory.connect(influxd.url(), "admin", "adm1n")) {
                QueryResult r = admin.query(new Query("SELECT count(v) FROM m", "ops"));
                assertThat(r.getResults().get(0).getSeries().get(0).getValues().get(0).get(1))
                        .isEqualTo(2.0);
            }
            try (HttpInfluxWriteTarget writer =
                    target("http://writer:wr1ter@" + hostPort, "gone")) {
                writer.open("gone");
                assertThatThrownBy(() -> writer.write("gone", List.of("m v=1 1000000000")))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("gone not found and the user of influx.url may not")
                        .hasMessageContaining("CREATE DATABASE gone as an admin");
            }
            for (String url : List.of(influxd.url(), "http://writer:wrong@" + hostPort)) {
                try (HttpInfluxWriteTarget refused = target(url, "ops")) {
                    assertThatThrownBy(() -> refused.open("ops"))
                            .as(Urls.shown(url))
                            .isInstanceOf(IOException.class)
                            .hasMessageContaining(
                                    url.contains("wrong")
                                            ? "refused the credentials"
                                            : "requires credentials, and influx.url gives none")
                            .hasMessageContaining("http://user:password@host:port")
                            .hasMessageNotContaining("wrong");
                }
            }
        }
    }

    private static HttpInfluxWriteTarget target(String url, String database) {
        return new HttpInfluxWriteTarget(InfluxSinkConfig.of(url, database));
    }
}
