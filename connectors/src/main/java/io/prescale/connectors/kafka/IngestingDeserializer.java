package io.prescale.connectors.kafka;

import io.prescale.model.Ingested;
import io.prescale.model.ParserConfig;
import io.prescale.model.RawRecord;
import io.prescale.model.RecordIngestor;
import java.time.Clock;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses {@code prescale.metrics} records in the source, so that event time and watermarks are
 * assigned per Kafka partition (records of several partitions read by one reader interleave far
 * beyond any sane out-of-orderness bound). Never fails: what does not parse is emitted as a dead
 * letter.
 */
public final class IngestingDeserializer implements KafkaRecordDeserializationSchema<Ingested> {
    private final ParserConfig config;
    private final Clock clock;
    private transient RecordIngestor ingestor;

    /**
     * @param config parsing and validation settings
     * @param clock wall clock for the timestamp skew window (serializable; fixed in tests)
     */
    public IngestingDeserializer(ParserConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        ingestor = new RecordIngestor(config);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Ingested> out) {
        if (ingestor == null) {
            ingestor = new RecordIngestor(config);
        }
        RawRecord raw =
                new RawRecord(
                        record.key(),
                        record.value(),
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.timestamp());
        ingestor.ingest(raw, clock.instant(), out::collect);
    }

    @Override
    public TypeInformation<Ingested> getProducedType() {
        return TypeInformation.of(Ingested.class);
    }
}
