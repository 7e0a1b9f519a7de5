package io.prescale.jobs;

import io.prescale.model.Ingested;
import io.prescale.model.RawRecord;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;

/**
 * Where the scaling job reads from. The side inputs are whole records, decoded in the job; a {@code
 * null} side source means the input is not there (tests and benchmarks).
 *
 * @param metrics metric samples, parsed in the source
 * @param actuations actuation results ({@code prescale.actuations}), or null
 * @param feedback hints and ratings ({@code prescale.feedback}), or null
 * @param config policy overrides ({@code prescale.config}, compacted), or null
 * @param uids the uid of an input's source operator, by the input's name ({@code metrics}, {@code
 *     actuations}, {@code feedback}, {@code config}), where it is not {@code <input>-source}
 */
public record JobSources(
        Source<Ingested, ?, ?> metrics,
        Source<RawRecord, ?, ?> actuations,
        Source<RawRecord, ?, ?> feedback,
        Source<RawRecord, ?, ?> config,
        Map<String, String> uids) {

    public JobSources {
        Objects.requireNonNull(metrics, "metrics source");
        uids = Map.copyOf(uids);
    }

    /** The uid of the source operator of {@code input} ({@link KafkaWiring#sourceUid}). */
    public String uid(String input) {
        return uids.getOrDefault(input, input + "-source");
    }

    /** Metrics only: no actuation results, feedback or overrides. */
    public static JobSources metricsOnly(Source<Ingested, ?, ?> metrics) {
        return new JobSources(metrics, null, null, null, Map.of());
    }

    /**
     * The Kafka topics named in {@code conf}. In a bounded run a side topic that does not exist is
     * left out (see {@link KafkaWiring#existing}); an unbounded job reads it once it appears.
     */
    public static JobSources fromConfig(Configuration conf, IngestSettings ingest) {
        String actuations = conf.get(JobOptions.TOPIC_ACTUATIONS);
        String feedback = conf.get(JobOptions.TOPIC_FEEDBACK);
        String config = conf.get(JobOptions.TOPIC_CONFIG);
        Set<String> present =
                conf.get(JobOptions.KAFKA_BOUNDED)
                        ? KafkaWiring.existing(conf, Set.of(actuations, feedback, config))
                        : Set.of(actuations, feedback, config);
        return new JobSources(
                KafkaWiring.metricsSource(conf, ingest.parser()),
                present.contains(actuations)
                        ? KafkaWiring.sideSource(conf, actuations, "actuations", false)
                        : null,
                present.contains(feedback)
                        ? KafkaWiring.sideSource(conf, feedback, "feedback", false)
                        : null,
                present.contains(config)
                        ? KafkaWiring.sideSource(conf, config, "config", true)
                        : null,
                Map.of(
                        "metrics",
                        KafkaWiring.sourceUid("metrics", conf, JobOptions.TOPIC_METRICS),
                        "actuations",
                        KafkaWiring.sourceUid("actuations", conf, JobOptions.TOPIC_ACTUATIONS),
                        "feedback",
                        KafkaWiring.sourceUid("feedback", conf, JobOptions.TOPIC_FEEDBACK),
                        "config",
                        KafkaWiring.sourceUid("config", conf, JobOptions.TOPIC_CONFIG)));
    }
}
