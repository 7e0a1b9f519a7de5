package io.prescale.connectors.actuation;

import io.prescale.model.InvalidRecordException;
import io.prescale.model.JsonCodec;
import io.prescale.model.ScaleCommand;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The actuator's writer state, one command applied per key: the command as its JSON record on
 * {@code prescale.commands} ({@link JsonCodec}), so the state reads as the topic does and follows
 * the record's own version.
 */
final class AppliedCommandSerializer implements SimpleVersionedSerializer<ScaleCommand> {
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(ScaleCommand command) {
        return JsonCodec.encode(command);
    }

    @Override
    public ScaleCommand deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException(
                    "the actuator's state holds applied commands of version "
                            + version
                            + ", this actuator reads version "
                            + VERSION);
        }
        try {
            return JsonCodec.decode(serialized, ScaleCommand.class);
        } catch (InvalidRecordException e) {
            throw new IOException(
                    "an applied command in the actuator's state: " + e.getMessage(), e);
        }
    }
}
