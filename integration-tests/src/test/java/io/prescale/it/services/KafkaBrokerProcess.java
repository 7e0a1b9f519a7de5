package io.prescale.it.services;

import io.prescale.cli.infra.LoopbackPorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker in a process of its own ({@code kafka.Kafka}, the jars of the
 * test's class path), configured as {@code infra/local.sh} configures it, that a test can stop and
 * start again on the same ports and log directory: a real broker outage, which an in-JVM broker
 * cannot give. Everything it writes, its output included, stays in the directory it is given.
 */
public final class KafkaBrokerProcess implements AutoCloseable {
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private final Path dir;
    private final int port;
    private Process process;

    private KafkaBrokerProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Writes the broker's configuration into {@code dir}, formats its storage and starts it. */
    public static KafkaBrokerProcess start(Path dir) throws Exception {
        List<Integer> ports = LoopbackPorts.free(2);
        KafkaBrokerProcess broker = new KafkaBrokerProcess(dir, ports.get(0));
        Files.writeString(dir.resolve("server.properties"), serverProperties(dir, ports));
        Files.writeString(
                dir.resolve("log4j2.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = WARN",
                        "rootLogger.appenderRef.stdout.ref = stdout",
                        "appender.stdout.name = stdout",
                        "appender.stdout.type = Console",
                        "appender.stdout.layout.type = PatternLayout",
                        "appender.stdout.layout.pattern = [%d] %p %m (%c)%n"));
        int formatted =
                broker.java(
                                "kafka.tools.StorageTool",
                                "format",
                                "-t",
                                Uuid.randomUuid().toString(),
                                "-c",
                                dir.resolve("server.properties").toString())
                        .waitFor();
        if (formatted != 0) {
            throw new IllegalStateException(
                    "formatting the broker's storage failed (" + formatted + "): " + broker.log());
        }
        broker.start();
        return broker;
    }

    /** {@code 127.0.0.1:port} of the broker, the same across stops and starts. */
    public String bootstrapServers() {
        return LOOPBACK + ":" + port;
    }

    /** Starts the broker process and waits until it answers. */
    public void start() throws Exception {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker at " + bootstrapServers() + " runs");
        }
        process = java("kafka.Kafka", dir.resolve("server.properties").toString());
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers(),
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                5_000,
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                5_000))) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(6, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "the broker at "
                                        + bootstrapServers()
                                        + " did not answer within "
                                        + START_TIMEOUT
                                        + ": "
                                        + log(),
                                notYet);
                    }
                    Thread.sleep(500);
                }
            }
        }
    }

    /** Stops the broker process (SIGTERM, as {@code infra/local.sh down} does) and waits. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** The broker's output so far. */
    public String log() {
        try {
            return Files.readString(dir.resolve("broker.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private Process java(String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"));
        command.add("-Dkafka.logs.dir=" + dir);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()))
                .start();
    }

    private static String serverProperties(Path dir, List<Integer> ports) {
        String broker = LOOPBACK + ":" + ports.get(0);
        String controller = LOOPBACK + ":" + ports.get(1);
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + controller,
                "listeners=PLAINTEXT://" + broker + ",CONTROLLER://" + controller,
                "advertised.listeners=PLAINTEXT://" + broker,
                "inter.broker.listener.name=PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "transaction.max.timeout.ms=3600000",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "");
    }
}
