package io.prescale.connectors.actuation;

import io.prescale.connectors.influx.InfluxBacklogSerializer;
import io.prescale.model.InvalidRecordException;
import io.prescale.model.JsonCodec;
import io.prescale.model.ScaleCommand;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The actuator's writer state. Version 2: a kind byte, then for a command in force its JSON record
 * on {@code prescale.commands} ({@link JsonCodec}, so the state reads as the topic does and follows
 * the record's own version), or for the InfluxDB writer's backlog {@link InfluxBacklogSerializer}'s
 * version and bytes. Version 1 held commands only, as their JSON.
 */
final class ActuatorStateSerializer implements SimpleVersionedSerializer<ActuatorState> {
    private static final int VERSION = 2;
    private static final byte COMMAND = 'C';
    private static final byte INFLUX = 'I';

    private final InfluxBacklogSerializer influx = new InfluxBacklogSerializer();

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(ActuatorState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (state instanceof ActuatorState.InForce c) {
                out.writeByte(COMMAND);
                out.write(JsonCodec.encode(c.command()));
            } else {
                out.writeByte(INFLUX);
                out.writeInt(influx.getVersion());
                out.write(influx.serialize(((ActuatorState.Influx) state).backlog()));
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public ActuatorState deserialize(int version, byte[] serialized) throws IOException {
        if (version == 1) {
            return new ActuatorState.InForce(command(serialized));
        }
        if (version != VERSION) {
            throw new IOException(
                    "the actuator's state is of version "
                            + version
                            + ", this actuator reads versions 1 and "
                            + VERSION);
        }
        if (serialized.length == 0) {
            throw new IOException("the actuator's state holds an empty element");
        }
        byte kind = serialized[0];
        if (kind == COMMAND) {
            return new ActuatorState.InForce(
                    command(Arrays.copyOfRange(serialized, 1, serialized.length)));
        }
        if (kind == INFLUX && serialized.length >= 5) {
            int influxVersion = ByteBuffer.wrap(serialized, 1, 4).getInt();
            return new ActuatorState.Influx(
                    influx.deserialize(
                            influxVersion, Arrays.copyOfRange(serialized, 5, serialized.length)));
        }
        throw new IOException("the actuator's state holds an element of unknown kind " + kind);
    }

    private static ScaleCommand command(byte[] json) throws IOException {
        try {
            return JsonCodec.decode(json, ScaleCommand.class);
        } catch (InvalidRecordException e) {
            throw new IOException(
                    "an applied command in the actuator's state: " + e.getMessage(), e);
        }
    }
}
