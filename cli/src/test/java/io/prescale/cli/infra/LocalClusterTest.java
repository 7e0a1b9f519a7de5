package io.prescale.cli.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.junit.jupiter.api.Test;

/** The MiniCluster of prescale run, actuate and demo binds its servers to 127.0.0.1 only. */
class LocalClusterTest {

    @Test
    void everyBindAddressIsLoopbackAndTheRestPortFree() {
        assertThat(LocalCluster.loopback(new Configuration()).toMap())
                .containsAllEntriesOf(
                        Map.of(
                                "rest.bind-address", "127.0.0.1",
                                "rest.address", "127.0.0.1",
                                "jobmanager.bind-host", "127.0.0.1",
                                "jobmanager.rpc.address", "127.0.0.1",
                                "taskmanager.bind-host", "127.0.0.1",
                                "taskmanager.host", "127.0.0.1",
                                "rest.bind-port", "0"));
    }

    @Test
    void settingsGivenStay() {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "18081");
        assertThat(LocalCluster.loopback(conf).get(RestOptions.BIND_PORT)).isEqualTo("18081");
    }
}
