package io.prescale.cli.infra;

import io.prescale.model.TopicNames;

/**
 * A topic to create: its name, its partition count, and whether it is log-compacted ({@code
 * cleanup.policy=compact}, for keyed state such as the latest command per workload) or deleted by
 * retention (the default, for event streams).
 *
 * <p>The replication factor is left to the broker's {@code default.replication.factor}, so the same
 * spec works on the one-node test broker and on an external cluster.
 */
public record TopicSpec(String name, int partitions, boolean compacted) {

    public TopicSpec {
        String problem = TopicNames.problem("topic", name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException(
                    "Invalid partitions = " + partitions + " for topic " + name + ": must be >= 1");
        }
    }

    /** A retention-deleted topic. */
    public static TopicSpec events(String name, int partitions) {
        return new TopicSpec(name, partitions, false);
    }

    /** A log-compacted topic. */
    public static TopicSpec compacted(String name, int partitions) {
        return new TopicSpec(name, partitions, true);
    }
}
