package io.prescale.cli.infra;

import io.prescale.connectors.kafka.BoundedAdmin;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates topics through the Admin client, on any broker: embedded, container or external. */
public final class KafkaTopics {

    /** How long topic creation may take before it is reported as failed. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private KafkaTopics() {}

    /**
     * Creates the topics and waits until the controller has accepted all of them.
     *
     * @throws IllegalStateException naming the broker when a topic cannot be created (it already
     *     exists, the broker is unreachable, or the timeout passes)
     */
    public static void create(String bootstrapServers, List<TopicSpec> topics, Duration timeout) {
        List<NewTopic> newTopics = topics.stream().map(KafkaTopics::toNewTopic).toList();
        withAdmin(
                bootstrapServers,
                timeout,
                "create topics " + names(topics),
                admin -> {
                    admin.createTopics(newTopics)
                            .all()
                            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    awaitLeaders(admin, names(topics), System.nanoTime() + timeout.toNanos());
                    return null;
                });
    }

    /**
     * Creates those of {@code topics} that the broker does not have yet, leaving the others as they
     * are (a second call creates nothing); returns the names it created.
     *
     * @throws IllegalStateException naming the broker when it cannot be asked or a topic cannot be
     *     created
     */
    public static List<String> createMissing(
            String bootstrapServers, List<TopicSpec> topics, Duration timeout) {
        Set<String> present =
                withAdmin(
                        bootstrapServers,
                        timeout,
                        "list the topics",
                        admin ->
                                admin.listTopics()
                                        .names()
                                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        List<TopicSpec> missing = topics.stream().filter(t -> !present.contains(t.name())).toList();
        if (!missing.isEmpty()) {
            create(bootstrapServers, missing, timeout);
        }
        return names(missing);
    }

    /**
     * Sets {@code cleanup.policy=compact} on the topics of {@code topics} meant to be compacted
     * that exist with another policy (a broker that creates topics on first use made them with its
     * default, delete, so that retention deletes what a job started afresh should read); returns
     * their names.
     *
     * @throws IllegalStateException naming the broker when it cannot be asked or altered
     */
    public static List<String> compactExisting(
            String bootstrapServers, List<TopicSpec> topics, Duration timeout) {
        List<String> wanted =
                topics.stream().filter(TopicSpec::compacted).map(TopicSpec::name).toList();
        if (wanted.isEmpty()) {
            return List.of();
        }
        long ms = timeout.toMillis();
        return withAdmin(
                bootstrapServers,
                timeout,
                "compact the topics",
                admin -> {
                    Map<ConfigResource, Collection<AlterConfigOp>> changes = new LinkedHashMap<>();
                    for (String name : uncompacted(admin, wanted, ms).keySet()) {
                        changes.put(
                                new ConfigResource(ConfigResource.Type.TOPIC, name),
                                List.of(COMPACT));
                    }
                    if (!changes.isEmpty()) {
                        admin.incrementalAlterConfigs(changes).all().get(ms, TimeUnit.MILLISECONDS);
                    }
                    return changes.keySet().stream().map(ConfigResource::name).toList();
                });
    }

    /**
     * Of {@code names}, the topics the broker has whose {@code cleanup.policy} does not compact,
     * each with that policy ({@code delete} when unset), in the order given.
     */
    static Map<String, String> uncompacted(Admin admin, Collection<String> names, long ms)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> present = admin.listTopics().names().get(ms, TimeUnit.MILLISECONDS);
        List<ConfigResource> existing =
                names.stream()
                        .filter(present::contains)
                        .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                        .toList();
        Map<String, String> policies = new LinkedHashMap<>();
        if (existing.isEmpty()) {
            return policies;
        }
        Map<ConfigResource, Config> configs =
                admin.describeConfigs(existing).all().get(ms, TimeUnit.MILLISECONDS);
        for (ConfigResource r : existing) {
            ConfigEntry policy = configs.get(r).get(TopicConfig.CLEANUP_POLICY_CONFIG);
            String value = policy == null ? TopicConfig.CLEANUP_POLICY_DELETE : policy.value();
            if (!value.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                policies.put(r.name(), value);
            }
        }
        return policies;
    }

    private static final AlterConfigOp COMPACT =
            new AlterConfigOp(
                    new ConfigEntry(
                            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                    AlterConfigOp.OpType.SET);

    /** A call on an admin client that may fail as the client's futures do. */
    @FunctionalInterface
    interface AdminCall<T> {
        T call(Admin admin) throws InterruptedException, ExecutionException, TimeoutException;
    }

    /**
     * Runs {@code call} on an admin client of the broker, its failure an {@link
     * IllegalStateException} saying it could not {@code what} on the broker, and why.
     */
    static <T> T withAdmin(
            String bootstrapServers, Duration timeout, String what, AdminCall<T> call) {
        try (BoundedAdmin admin = BoundedAdmin.open(bootstrapServers, timeout)) {
            return call.call(admin.admin());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trying to " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException(
                    "Could not " + what + " on " + bootstrapServers + ": " + cause, cause);
        }
    }

    /**
     * Waits until every partition has a leader: a topic is usable only then, and producers that
     * write into a just-created topic otherwise spin on NOT_LEADER_OR_FOLLOWER.
     */
    private static void awaitLeaders(Admin admin, List<String> names, long deadlineNanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        while (true) {
            if (haveLeaders(admin, names)) {
                return;
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new TimeoutException("partitions of " + names + " have no leader yet");
            }
            Thread.sleep(100);
        }
    }

    /** False while the topics' metadata has not reached the broker or a leader is missing. */
    private static boolean haveLeaders(Admin admin, List<String> names)
            throws InterruptedException, ExecutionException {
        try {
            return admin.describeTopics(names).allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream())
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    private static NewTopic toNewTopic(TopicSpec spec) {
        NewTopic topic =
                new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty());
        String policy =
                spec.compacted()
                        ? TopicConfig.CLEANUP_POLICY_COMPACT
                        : TopicConfig.CLEANUP_POLICY_DELETE;
        return topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, policy));
    }

    private static List<String> names(List<TopicSpec> topics) {
        return topics.stream().map(TopicSpec::name).toList();
    }
}
