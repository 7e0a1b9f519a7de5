package io.prescale.agent;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The agent's validated settings.
 *
 * @param bootstrapServers Kafka {@code host:port[,host:port...]}
 * @param topic the topic samples go to
 * @param interval time between two readings
 * @param entityBy host or per-process entities
 * @param match process names to read (find semantics)
 * @param tenant tenant of every sample, or {@code null}
 * @param count intervals to publish before exiting; 0 runs until stopped
 * @param entity the name entities are named after instead of the host name, or {@code null}
 */
public record AgentConfig(
        String bootstrapServers,
        String topic,
        Duration interval,
        EntityBy entityBy,
        Pattern match,
        String tenant,
        long count,
        String entity) {}
