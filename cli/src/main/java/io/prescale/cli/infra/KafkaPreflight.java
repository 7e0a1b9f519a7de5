package io.prescale.cli.infra;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Before a job starts from the command line: does its Kafka broker answer, and does it have the
 * job's topics (or create topics on first use)? A job started otherwise does not say so: its Kafka
 * clients wait and retry in silence, or its source fails over every few seconds.
 */
public final class KafkaPreflight {
    private KafkaPreflight() {}

    /**
     * What stops a job reading and writing {@code topics} at {@code bootstrapServers}, or {@code
     * null} when nothing does.
     */
    public static String problem(
            String bootstrapServers, Collection<String> topics, Duration timeout) {
        long ms = timeout.toMillis();
        try (Admin admin = Admin.create(KafkaTopics.adminConfig(bootstrapServers, timeout))) {
            Set<String> present = admin.listTopics().names().get(ms, TimeUnit.MILLISECONDS);
            List<String> missing = topics.stream().filter(t -> !present.contains(t)).toList();
            if (missing.isEmpty() || autoCreates(admin, ms)) {
                return null;
            }
            return "the Kafka broker at "
                    + bootstrapServers
                    + " has no topic "
                    + String.join(", ", missing)
                    + " and does not create topics on first use; create them (./prescale infra"
                    + " up does, for the default names) or set the topics.* options";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while asking the Kafka broker at " + bootstrapServers;
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            return "no Kafka broker answers at "
                    + bootstrapServers
                    + " within "
                    + timeout.toSeconds()
                    + " s ("
                    + cause
                    + "); start one (./prescale infra up) or set kafka.bootstrap-servers";
        }
    }

    private static boolean autoCreates(Admin admin, long ms)
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
