package io.prescale.connectors.kafka;

import io.prescale.model.CommandIngested;
import io.prescale.model.DeadLetter;
import io.prescale.model.InvalidRecordException;
import io.prescale.model.JsonCodec;
import io.prescale.model.RecordKeys;
import io.prescale.model.ScaleCommand;
import java.time.Clock;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes {@code prescale.commands}; a record that does not decode becomes a dead letter, and so
 * does one whose key is not its entity (the topic is keyed by entity, so that an entity's commands
 * are read in the order they were sent; a record without a key is taken as its entity's).
 */
public final class CommandDeserializer
        implements KafkaRecordDeserializationSchema<CommandIngested> {
    private final Clock clock;

    public CommandDeserializer(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<CommandIngested> out) {
        try {
            ScaleCommand c = JsonCodec.decode(r.value(), ScaleCommand.class);
            RecordKeys.requireOwn(RecordKeys.text(r.key()), "entity", c.entity());
            out.collect(new CommandIngested(c, null));
        } catch (InvalidRecordException e) {
            out.collect(
                    new CommandIngested(
                            null,
                            DeadLetter.bounded(
                                    r.key(),
                                    r.value(),
                                    r.topic(),
                                    r.partition(),
                                    r.offset(),
                                    "bad command: " + e.getMessage(),
                                    clock.instant())));
        }
    }

    @Override
    public TypeInformation<CommandIngested> getProducedType() {
        return TypeInformation.of(CommandIngested.class);
    }
}
