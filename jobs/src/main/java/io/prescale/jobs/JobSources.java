package io.prescale.jobs;

import io.prescale.model.Ingested;
import io.prescale.model.RawRecord;
import java.util.Objects;
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
 */
public record JobSources(
        Source<Ingested, ?, ?> metrics,
        Source<RawRecord, ?, ?> actuations,
        Source<RawRecord, ?, ?> feedback,
        Source<RawRecord, ?, ?> config) {

    public JobSources {
        Objects.requireNonNull(metrics, "metrics source");
    }

    /** Metrics only: no actuation results, feedback or overrides. */
    public static JobSources metricsOnly(Source<Ingested, ?, ?> metrics) {
        return new JobSources(metrics, null, null, null);
    }

    /** The Kafka topics named in {@code conf}. */
    public static JobSources fromConfig(Configuration conf, IngestSettings ingest) {
        return new JobSources(
                KafkaWiring.metricsSource(conf, ingest.parser()),
                KafkaWiring.sideSource(
                        conf, conf.get(JobOptions.TOPIC_ACTUATIONS), "actuations", false),
                KafkaWiring.sideSource(
                        conf, conf.get(JobOptions.TOPIC_FEEDBACK), "feedback", false),
                KafkaWiring.sideSource(conf, conf.get(JobOptions.TOPIC_CONFIG), "config", true));
    }
}
