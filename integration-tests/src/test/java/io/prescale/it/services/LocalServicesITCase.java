package io.prescale.it.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.prescale.cli.infra.EmbeddedKafka;
import io.prescale.cli.infra.LocalInfluxd;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The local fallbacks themselves: what they bind, what they configure, what they leave behind.
 * These run whatever Docker or the environment offer, since they test the fallback code.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LocalServicesITCase {

    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void embeddedKafkaListensOnLoopbackOnlyAndCreatesCompactedTopics() throws Exception {
        assumeTrue(ListeningSockets.supported(), "needs Linux /proc to list sockets");
        Set<Long> before = inodes(ListeningSockets.of(SELF));

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            List<ListeningSockets.Listener> opened =
                    ListeningSockets.of(SELF).stream()
                            .filter(l -> !before.contains(l.inode()))
                            .toList();
            int brokerPort = Integer.parseInt(kafka.bootstrapServers().split(":")[1]);

            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
            assertThat(opened).as("broker and controller listeners").hasSizeGreaterThanOrEqualTo(2);
            assertThat(opened).allMatch(ListeningSockets.Listener::isLoopback, "on 127.0.0.1");
            assertThat(opened).anyMatch(l -> l.port() == brokerPort);

            kafka.createTopic("commands", 2, true);
            assertThat(cleanupPolicy(kafka.bootstrapServers(), "commands")).isEqualTo("compact");
        }
    }

    @Test
    void localInfluxdAnswersOnLoopbackAndLeavesNothingBehind() throws Exception {
        LocalInfluxd influxd = LocalInfluxd.start();
        try {
            HttpResponse<Void> ping =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(influxd.url() + "/ping"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding());
            assertThat(ping.statusCode()).isEqualTo(204);
            if (ListeningSockets.supported()) {
                assertThat(ListeningSockets.of(influxd.pid()))
                        .as("HTTP and RPC listeners")
                        .hasSize(2)
                        .allMatch(ListeningSockets.Listener::isLoopback, "on 127.0.0.1");
            }
        } finally {
            influxd.close();
        }

        assertThat(ProcessHandle.of(influxd.pid()).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(influxd.workDir()).doesNotExist();
    }

    private static Set<Long> inodes(List<ListeningSockets.Listener> listeners) {
        return Set.copyOf(listeners.stream().map(ListeningSockets.Listener::inode).toList());
    }

    private static String cleanupPolicy(String bootstrap, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            Config config =
                    admin.describeConfigs(List.of(resource))
                            .all()
                            .get(30, TimeUnit.SECONDS)
                            .get(resource);
            return config.get("cleanup.policy").value();
        }
    }
}
