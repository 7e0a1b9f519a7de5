package io.prescale.operators.forecast;

import io.prescale.ml.series.SeriesState;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What a checkpoint records about {@link SeriesStateSerializer}: the shape of the states (step in
 * seconds, H, lead, detector window). A restore under the same shape is compatible as is; under
 * another it is incompatible (the encoded states carry their own shape and would be refused one by
 * one), so the job fails at restore naming the state rather than on the first key.
 */
public final class SeriesStateSerializerSnapshot implements TypeSerializerSnapshot<SeriesState> {
    private static final int VERSION = 1;

    private long stepSeconds;
    private int horizons;
    private int leadSteps;
    private int detectorWindow;

    /** For Flink's reflective instantiation on restore. */
    public SeriesStateSerializerSnapshot() {}

    SeriesStateSerializerSnapshot(SeriesStateSerializer s) {
        this.stepSeconds = s.stepSeconds();
        this.horizons = s.horizons();
        this.leadSteps = s.leadSteps();
        this.detectorWindow = s.detectorWindow();
    }

    @Override
    public int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeLong(stepSeconds);
        out.writeInt(horizons);
        out.writeInt(leadSteps);
        out.writeInt(detectorWindow);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader loader)
            throws IOException {
        if (readVersion != VERSION) {
            throw new IOException(
                    "series state serializer snapshot version "
                            + readVersion
                            + ", this code reads "
                            + VERSION);
        }
        stepSeconds = in.readLong();
        horizons = in.readInt();
        leadSteps = in.readInt();
        detectorWindow = in.readInt();
    }

    @Override
    public TypeSerializer<SeriesState> restoreSerializer() {
        SeriesStateSerializer s = new SeriesStateSerializer(stepSeconds, horizons, leadSteps);
        if (s.detectorWindow() != detectorWindow) {
            throw new IllegalStateException(
                    "series states were written with a detector window of "
                            + detectorWindow
                            + " points, this code's is "
                            + s.detectorWindow());
        }
        return s;
    }

    @Override
    public TypeSerializerSchemaCompatibility<SeriesState> resolveSchemaCompatibility(
            TypeSerializerSnapshot<SeriesState> old) {
        if (old instanceof SeriesStateSerializerSnapshot o
                && o.stepSeconds == stepSeconds
                && o.horizons == horizons
                && o.leadSteps == leadSteps
                && o.detectorWindow == detectorWindow) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        return TypeSerializerSchemaCompatibility.incompatible();
    }
}
