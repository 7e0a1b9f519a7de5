package io.prescale.it.services;

import io.prescale.cli.infra.EmbeddedKafka;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A Kafka broker for one test class. In order of preference:
 *
 * <ol>
 *   <li>the cluster at {@value #BOOTSTRAP_ENV}, when that variable is set;
 *   <li>a Testcontainers {@code apache/kafka} broker, when a Docker engine is reachable;
 *   <li>an {@link EmbeddedKafka} broker inside the test JVM.
 * </ol>
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaService KAFKA = new KafkaService();
 *
 * @Test void roundTrip() {
 *     String topic = KAFKA.createTopic("samples", 4, false);
 *     ... KAFKA.bootstrapServers() ...
 * }
 * }</pre>
 *
 * or {@code @ExtendWith(KafkaService.class)} and a {@link KafkaEndpoint} parameter.
 */
public final class KafkaService extends ClassScopedService<KafkaEndpoint> {

    /** Names an external cluster to use instead of starting one. */
    public static final String BOOTSTRAP_ENV = "PRESCALE_KAFKA_BOOTSTRAP";

    /** Same version as the client and the embedded broker. */
    public static final String IMAGE = "apache/kafka:4.2.0";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaService.class);

    public KafkaService() {
        super(KafkaEndpoint.class);
    }

    /** {@code host:port[,host:port...]} of the broker. */
    public String bootstrapServers() {
        return endpoint().bootstrapServers();
    }

    /** Creates a fresh topic {@code prefix-<random>} and returns its name. */
    public String createTopic(String prefix, int partitions, boolean compacted) {
        return endpoint().createTopic(prefix, partitions, compacted);
    }

    /** See {@link KafkaEndpoint#awaitCommitted}. */
    public void awaitCommitted(String group, String topic, Duration timeout)
            throws InterruptedException {
        endpoint().awaitCommitted(group, topic, timeout);
    }

    @Override
    protected Started<KafkaEndpoint> start(String testClass) {
        String external = System.getenv(BOOTSTRAP_ENV);
        Started<KafkaEndpoint> started;
        if (external != null && !external.isBlank()) {
            started = new Started<>(new KafkaEndpoint(external, ServiceSource.EXTERNAL), () -> {});
        } else if (DockerAvailability.isAvailable()) {
            started = startContainer();
        } else {
            EmbeddedKafka broker = EmbeddedKafka.start();
            started =
                    new Started<>(
                            new KafkaEndpoint(broker.bootstrapServers(), ServiceSource.LOCAL),
                            broker);
        }
        LOG.info(
                "Kafka for {}: {} broker at {}",
                testClass,
                started.endpoint().source(),
                started.endpoint().bootstrapServers());
        return started;
    }

    private static Started<KafkaEndpoint> startContainer() {
        // the image's defaults already set replication factors and min ISR to 1; the timeout
        // ceiling is raised to match EmbeddedKafka so Flink's one-hour transactions are accepted
        KafkaContainer container =
                new KafkaContainer(DockerImageName.parse(IMAGE))
                        .withEnv("KAFKA_TRANSACTION_MAX_TIMEOUT_MS", "3600000")
                        .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        container.start();
        return new Started<>(
                new KafkaEndpoint(container.getBootstrapServers(), ServiceSource.CONTAINER),
                container::stop);
    }
}
