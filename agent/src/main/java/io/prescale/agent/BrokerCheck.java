package io.prescale.agent;

import io.prescale.model.TopicNames;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.ClientDnsLookup;
import org.apache.kafka.clients.ClientUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Before the agent's first reading: does a broker answer at {@code --bootstrap}, and can the
 * samples go to {@code --topic}? Without it the producer's first send waited for the topic's
 * metadata for its whole {@code max.block.ms} (three intervals) and then failed in Kafka's words
 * ("Topic prescale.metrics not present in metadata after 60000 ms"), which say neither which.
 */
public final class BrokerCheck {
    /**
     * How long the broker has to answer: 10 s, as {@code prescale run}, {@code replay} and {@code
     * send} wait for theirs, whatever the interval (three intervals of 1 s gave up after 3 s).
     */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private BrokerCheck() {}

    /**
     * Refuses {@code bootstrapServers} as the Kafka client would on creation, before it connects
     * anywhere: an address without a port, a host that does not resolve. The client's own error is
     * only "Failed to create new KafkaAdminClient"; this names the option and the client's reason.
     *
     * @return {@code bootstrapServers}
     * @throws IllegalArgumentException "OPTION ADDRESS cannot be used: REASON; give host:port of a
     *     running broker"
     */
    public static String requireUsableAddress(String option, String bootstrapServers) {
        try {
            addresses(bootstrapServers);
            return bootstrapServers;
        } catch (ConfigException e) {
            throw new IllegalArgumentException(unusable(option, bootstrapServers, e), e);
        }
    }

    /**
     * When the Kafka client got no answer from {@code bootstrapServers} within {@code within}
     * ({@code cause}) although something accepts connections there: a broker that advertises an
     * address this machine cannot reach (a container's or another network's name), or the port of a
     * KRaft controller rather than a broker. Null when nothing listens (no broker at all), which
     * the caller says its own way; a broker that answered but handed back an unreachable address
     * was said as none running (the fiftieth tester's).
     */
    public static String listensButSilent(String bootstrapServers, String within, Throwable cause) {
        for (InetSocketAddress address : addresses(bootstrapServers)) {
            try (Socket socket = new Socket()) {
                socket.connect(address, 1_000);
                return "something accepts connections at "
                        + address.getHostString()
                        + ":"
                        + address.getPort()
                        + " but no Kafka metadata came back within "
                        + within
                        + " ("
                        + cause
                        + "): a broker there may advertise an address this machine cannot reach"
                        + " (check its advertised.listeners), or it is a controller's port, not a"
                        + " broker's";
            } catch (IOException e) {
                // nothing there: try the next address
            }
        }
        return null;
    }

    /** The addresses of {@code bootstrapServers} as the Kafka client takes them. */
    private static List<InetSocketAddress> addresses(String bootstrapServers) {
        return ClientUtils.parseAndValidateAddresses(
                Arrays.stream(bootstrapServers.split(",")).map(String::trim).toList(),
                ClientDnsLookup.USE_ALL_DNS_IPS);
    }

    /** Why {@code option}'s {@code bootstrapServers} cannot be used, with what to do. */
    public static String unusable(String option, String bootstrapServers, Throwable reason) {
        return option
                + " "
                + bootstrapServers
                + " cannot be used: "
                + reason.getMessage()
                + "; give host:port of a running broker";
    }

    /** What stops the samples reaching {@code topic}, with what to do; null when nothing does. */
    static String problem(String bootstrapServers, String topic, Duration timeout) {
        long ms = timeout.toMillis();
        Map<String, Object> config =
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ms,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ms);
        Admin admin = Admin.create(config);
        try {
            if (admin.listTopics().names().get(ms, TimeUnit.MILLISECONDS).contains(topic)
                    || autoCreates(admin, ms)) {
                return null;
            }
            return "the Kafka broker at "
                    + bootstrapServers
                    + " answers but has no topic "
                    + topic
                    + " and does not create topics on first use: create it (prescale infra topics"
                    + " --bootstrap "
                    + bootstrapServers
                    + " creates the job's topics"
                    + (TopicNames.METRICS.equals(topic)
                            ? ""
                            : ", the metrics topic as " + topic + " with -Dtopics.metrics=" + topic)
                    + ") or give --topic of a topic it has";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while asking the Kafka broker at " + bootstrapServers;
        } catch (ExecutionException | TimeoutException e) {
            String within = ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
            String silent =
                    listensButSilent(
                            bootstrapServers,
                            within,
                            e instanceof ExecutionException ? e.getCause() : e);
            return silent != null
                    ? silent
                    : "no Kafka broker answers at "
                            + bootstrapServers
                            + " within "
                            + within
                            + ": start one (./prescale infra up starts one at 127.0.0.1:"
                            + Objects.requireNonNullElse(
                                    System.getenv("PRESCALE_KAFKA_PORT"), "9092")
                            + ") or give --bootstrap HOST:PORT of a running broker";
        } finally {
            // bounded: a listener that accepts and never answers held Admin.close() for good (CI)
            admin.close(Duration.ofMillis(ms));
        }
    }

    /**
     * Whether the broker creates topics on first use ({@code auto.create.topics.enable} of the
     * first node); the CLI's pre-flight asks the same.
     */
    public static boolean autoCreates(Admin admin, long ms)
            throws InterruptedException, ExecutionException, TimeoutException {
        Collection<Node> nodes = admin.describeCluster().nodes().get(ms, TimeUnit.MILLISECONDS);
        if (nodes.isEmpty()) {
            return false;
        }
        ConfigResource broker =
                new ConfigResource(ConfigResource.Type.BROKER, nodes.iterator().next().idString());
        Config c =
                admin.describeConfigs(List.of(broker))
                        .all()
                        .get(ms, TimeUnit.MILLISECONDS)
                        .get(broker);
        ConfigEntry auto = c.get("auto.create.topics.enable");
        return auto != null && Boolean.parseBoolean(auto.value());
    }
}
