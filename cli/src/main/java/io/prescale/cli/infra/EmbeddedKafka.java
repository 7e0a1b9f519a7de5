package io.prescale.cli.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.PreboundSocketFactoryManager;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka broker (combined broker and controller) running inside this JVM, built
 * on Kafka's own {@link KafkaClusterTestKit}. It is a real broker, with the real log, group
 * coordinator and transaction coordinator, configured so that transactions (and so Flink's
 * exactly-once {@code KafkaSink}) work on one node.
 *
 * <p>Both listeners bind to 127.0.0.1 on free ports. The test kit pre-binds its ports on the
 * wildcard address; {@link #bindPortsToLoopback} replaces those sockets with loopback ones before
 * the broker is built, so nothing listens on an external interface.
 *
 * <p>Used by the CLI demo and, through {@code KafkaService}, by the integration tests.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String LOOPBACK = "127.0.0.1";

    /**
     * Broker settings applied unless overridden. Replication factors and ISR are 1 because there is
     * one node; {@code transaction.max.timeout.ms} is one hour because Flink's {@code KafkaSink}
     * asks for a one-hour {@code transaction.timeout.ms} by default and the broker refuses
     * producers whose timeout exceeds its maximum. Topics are never auto-created, so a test that
     * forgets to create its topic fails at once instead of writing to a surprise topic.
     */
    public static final Map<String, String> DEFAULT_BROKER_CONFIG =
            Map.ofEntries(
                    Map.entry("transaction.state.log.replication.factor", "1"),
                    Map.entry("transaction.state.log.min.isr", "1"),
                    Map.entry("transaction.state.log.num.partitions", "4"),
                    Map.entry("transaction.max.timeout.ms", "3600000"),
                    Map.entry("offsets.topic.replication.factor", "1"),
                    Map.entry("offsets.topic.num.partitions", "4"),
                    Map.entry("default.replication.factor", "1"),
                    Map.entry("min.insync.replicas", "1"),
                    Map.entry("num.partitions", "1"),
                    Map.entry("auto.create.topics.enable", "false"),
                    Map.entry("group.initial.rebalance.delay.ms", "0"));

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;

    private EmbeddedKafka(KafkaClusterTestKit cluster, String bootstrapServers) {
        this.cluster = cluster;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker with {@link #DEFAULT_BROKER_CONFIG}. */
    public static EmbeddedKafka start() {
        return start(Map.of());
    }

    /**
     * Formats the storage, starts the broker and waits until it is registered and unfenced.
     *
     * @param brokerOverrides broker properties that replace or extend {@link
     *     #DEFAULT_BROKER_CONFIG}
     * @throws IllegalStateException when the broker does not come up
     */
    public static EmbeddedKafka start(Map<String, String> brokerOverrides) {
        TestKitNodes nodes =
                new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build();
        Map<String, String> config = new LinkedHashMap<>(DEFAULT_BROKER_CONFIG);
        config.put(
                "listeners",
                listener(nodes.brokerListenerName().value())
                        + ","
                        + listener(nodes.controllerListenerName().value()));
        config.putAll(brokerOverrides);

        KafkaClusterTestKit cluster = null;
        try {
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            config.forEach(builder::setConfigProp);
            bindPortsToLoopback(builder, nodes);
            cluster = builder.build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            closeQuietly(cluster);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Embedded Kafka broker did not start: " + e, e);
        }
        String bootstrap = onLoopback(cluster.bootstrapServers());
        LOG.info("Embedded Kafka broker ready at {}", bootstrap);
        return new EmbeddedKafka(cluster, bootstrap);
    }

    /**
     * Formats the broker's storage. Kafka's {@code Formatter} prints what it does ("Bootstrap
     * metadata: ...", "Formatting metadata directory ...") on {@code System.out}, which is the
     * demo's own output, and the test kit gives it no other stream: those lines are held back, and
     * said only in the error when the format fails. Nothing else runs in the JVM while the broker
     * starts, so no other output is caught.
     */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        System.setOut(new PrintStream(said, true, StandardCharsets.UTF_8));
        try {
            cluster.format();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "formatting its storage failed: "
                            + e
                            + "; the formatter said: "
                            + said.toString(StandardCharsets.UTF_8).strip(),
                    e);
        } finally {
            System.setOut(out);
        }
    }

    /** The broker's address for clients, {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates one topic; see {@link TopicSpec} for what {@code compacted} means. */
    public void createTopic(String name, int partitions, boolean compacted) {
        createTopics(List.of(new TopicSpec(name, partitions, compacted)));
    }

    /** Creates the topics and waits until the broker has accepted them. */
    public void createTopics(List<TopicSpec> topics) {
        KafkaTopics.create(bootstrapServers, topics, KafkaTopics.DEFAULT_TIMEOUT);
    }

    /** Stops the broker and deletes its log directories. */
    @Override
    public void close() {
        try {
            cluster.close();
            LOG.info("Embedded Kafka broker at {} stopped", bootstrapServers);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Embedded Kafka broker did not stop cleanly", e);
        }
    }

    private static String listener(String name) {
        return name + "://" + LOOPBACK + ":0";
    }

    /**
     * Hands the test kit loopback sockets for every listener it would otherwise bind on the
     * wildcard address. The kit keeps pre-bound sockets per node and listener in a private map of
     * its {@link PreboundSocketFactoryManager} and only opens one where none exists yet, so filling
     * the map first is enough. The fields are read by reflection because the kit offers no hook; if
     * a later Kafka renames them this fails loudly rather than binding to all interfaces.
     */
    private static void bindPortsToLoopback(KafkaClusterTestKit.Builder builder, TestKitNodes nodes)
            throws IOException {
        PreboundSocketFactoryManager manager =
                (PreboundSocketFactoryManager) readField(builder, "socketFactoryManager");
        @SuppressWarnings("unchecked")
        Map<Integer, Map<String, ServerSocketChannel>> sockets =
                (Map<Integer, Map<String, ServerSocketChannel>>) readField(manager, "sockets");
        synchronized (manager) {
            String controller = nodes.controllerListenerName().value();
            for (int nodeId : nodes.controllerNodes().keySet()) {
                sockets.computeIfAbsent(nodeId, id -> new HashMap<>())
                        .put(controller, openLoopbackSocket());
            }
            String broker = nodes.brokerListenerName().value();
            for (int nodeId : nodes.brokerNodes().keySet()) {
                sockets.computeIfAbsent(nodeId, id -> new HashMap<>())
                        .put(broker, openLoopbackSocket());
            }
        }
    }

    /** Opens a socket the way Kafka's own server socket factory does, but on 127.0.0.1. */
    private static ServerSocketChannel openLoopbackSocket() throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.configureBlocking(false);
            channel.socket().bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private static Object readField(Object target, String name) {
        try {
            Field field = target.getClass().getDeclaredField(name);
            field.setAccessible(true);
            return field.get(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "Cannot bind the embedded broker to loopback: "
                            + target.getClass().getName()
                            + "."
                            + name
                            + " is not accessible in this Kafka version",
                    e);
        }
    }

    /** Rewrites {@code localhost:p1,localhost:p2} as {@code 127.0.0.1:p1,127.0.0.1:p2}. */
    static String onLoopback(String bootstrapServers) {
        return Arrays.stream(bootstrapServers.split(","))
                .map(String::trim)
                .map(hostPort -> LOOPBACK + hostPort.substring(hostPort.lastIndexOf(':')))
                .collect(Collectors.joining(","));
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception suppressed) {
            LOG.warn("Could not close the half-started embedded broker", suppressed);
        }
    }
}
