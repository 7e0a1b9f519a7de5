package io.prescale.connectors.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A Kafka admin client whose calls give up after {@code timeout} and whose {@link #close()} waits
 * no longer than that either. {@link Admin#close()} waits without a bound for its network thread,
 * and a listener that accepts connections and never answers held it for good (the agent's broker
 * check hung a CI run that way), so every admin client of the CLI and the jobs is made here.
 */
public record BoundedAdmin(Admin admin, Duration timeout) implements AutoCloseable {
    /** An admin client of the broker at {@code bootstrapServers}. */
    public static BoundedAdmin open(String bootstrapServers, Duration timeout) {
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        return new BoundedAdmin(
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms,
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms)),
                timeout);
    }

    /** The broker's topic names, within the timeout. */
    public Set<String> topicNames()
            throws InterruptedException, ExecutionException, TimeoutException {
        return admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        admin.close(timeout);
    }
}
