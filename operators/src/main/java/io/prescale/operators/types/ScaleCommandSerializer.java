package io.prescale.operators.types;

import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A {@link ScaleCommand} field by field in the record's order (the action by name, instants as
 * epoch seconds and nanos), for the commands on their way from the capacity arbiter to the ledger:
 * Flink's record serializer reads each field by reflection and boxes the numbers. For stream
 * elements only, not state; the commands topic keeps its JSON.
 */
public final class ScaleCommandSerializer extends ImmutableRecordSerializer<ScaleCommand> {
    private static final long serialVersionUID = 1L;

    static final ScaleCommandSerializer INSTANCE = new ScaleCommandSerializer();

    private ScaleCommandSerializer() {}

    /** The type of a stream of commands written by this serializer. */
    public static TypeInformation<ScaleCommand> type() {
        return SerializedTypeInfo.of(ScaleCommand.class, INSTANCE);
    }

    @Override
    public void serialize(ScaleCommand c, DataOutputView out) throws IOException {
        StringSerializer.INSTANCE.serialize(c.id(), out);
        StringSerializer.INSTANCE.serialize(c.entity(), out);
        StringSerializer.INSTANCE.serialize(c.resource(), out);
        out.writeUTF(c.action().name());
        out.writeDouble(c.targetAmount());
        StringSerializer.INSTANCE.serialize(c.unit(), out);
        out.writeDouble(c.previousAmount());
        out.writeLong(c.version());
        StringSerializer.INSTANCE.serialize(c.reason(), out);
        out.writeDouble(c.forecastQuantile());
        out.writeInt(c.forecastHorizonSteps());
        out.writeDouble(c.confidence());
        out.writeInt(c.tier());
        writeInstant(c.issuedAt(), out);
        writeInstant(c.neededBy(), out);
        writeInstant(c.leaseExpiry(), out);
    }

    @Override
    public ScaleCommand deserialize(DataInputView in) throws IOException {
        return new ScaleCommand(
                StringSerializer.INSTANCE.deserialize(in),
                StringSerializer.INSTANCE.deserialize(in),
                StringSerializer.INSTANCE.deserialize(in),
                ScaleAction.valueOf(in.readUTF()),
                in.readDouble(),
                StringSerializer.INSTANCE.deserialize(in),
                in.readDouble(),
                in.readLong(),
                StringSerializer.INSTANCE.deserialize(in),
                in.readDouble(),
                in.readInt(),
                in.readDouble(),
                in.readInt(),
                readInstant(in),
                readInstant(in),
                readInstant(in));
    }

    @Override
    public TypeSerializerSnapshot<ScaleCommand> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Nothing to record: one format. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ScaleCommand> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
