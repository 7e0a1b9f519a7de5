package io.prescale.operators.forecast;

import io.prescale.ml.anomaly.AnomalyConfig;
import io.prescale.ml.forecast.ForecastConfig;
import io.prescale.ml.forecast.QuantileLevelSet;
import io.prescale.ml.series.SeriesConfig;
import io.prescale.ml.series.SeriesModel;
import io.prescale.ml.series.SeriesState;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of a series' {@link SeriesState}: the length, then {@link SeriesModel#encode}'s
 * compact bytes (version byte first). Only the state's shape matters to it: the step, H, the lead
 * (the stack's anchor and the scored horizons) and the detectors' window; the snapshot ({@link
 * SeriesStateSerializerSnapshot}) records them and refuses a restore under another shape, since the
 * learnt state cannot be carried over to it.
 *
 * <p>On the heap state backend the state object is held as is and only serialized at checkpoints;
 * {@link #copy(SeriesState)} (used by the backend's copy-on-write during an asynchronous snapshot)
 * is a round trip through the encoding, which reproduces the state exactly.
 */
public final class SeriesStateSerializer extends TypeSerializer<SeriesState> {
    private static final long serialVersionUID = 1L;

    private final long stepSeconds;
    private final int horizons;
    private final int leadSteps;
    private final int detectorWindow;
    private transient volatile SeriesModel model;

    /**
     * States of the given shape, with the detectors' parameters of {@link AnomalyConfig#defaults()}
     * (whose robust z-score window fixes the detectors' state size).
     */
    public SeriesStateSerializer(long stepSeconds, int horizons, int leadSteps) {
        this.stepSeconds = stepSeconds;
        this.horizons = horizons;
        this.leadSteps = leadSteps;
        this.detectorWindow = AnomalyConfig.defaults().window();
    }

    /** The serializer of the states that {@code settings} shape. */
    public static SeriesStateSerializer of(ForecastSettings settings) {
        return new SeriesStateSerializer(
                settings.step().toSeconds(), settings.horizons(), settings.leadSteps());
    }

    long stepSeconds() {
        return stepSeconds;
    }

    int horizons() {
        return horizons;
    }

    int leadSteps() {
        return leadSteps;
    }

    int detectorWindow() {
        return detectorWindow;
    }

    private SeriesModel model() {
        SeriesModel m = model;
        if (m == null) {
            m =
                    new SeriesModel(
                            new SeriesConfig(
                                    new ForecastConfig(
                                            Duration.ofSeconds(stepSeconds),
                                            horizons,
                                            new int[] {leadSteps},
                                            ForecastSettings.AR_ORDER),
                                    AnomalyConfig.defaults(),
                                    QuantileLevelSet.of(0.5),
                                    SeriesConfig.oneAndLead(leadSteps)));
            model = m;
        }
        return m;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<SeriesState> duplicate() {
        return this;
    }

    @Override
    public SeriesState createInstance() {
        return model().newState();
    }

    @Override
    public SeriesState copy(SeriesState from) {
        return model().decode(model().encode(from));
    }

    @Override
    public SeriesState copy(SeriesState from, SeriesState reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(SeriesState record, DataOutputView target) throws IOException {
        byte[] bytes = model().encode(record);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public SeriesState deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        try {
            return model().decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot restore a series' forecast state: " + e.getMessage(), e);
        }
    }

    @Override
    public SeriesState deserialize(SeriesState reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesStateSerializer s
                && stepSeconds == s.stepSeconds
                && horizons == s.horizons
                && leadSteps == s.leadSteps
                && detectorWindow == s.detectorWindow;
    }

    @Override
    public int hashCode() {
        return Objects.hash(stepSeconds, horizons, leadSteps, detectorWindow);
    }

    @Override
    public String toString() {
        return "SeriesStateSerializer[step="
                + stepSeconds
                + " s, H="
                + horizons
                + ", lead="
                + leadSteps
                + ", detector window="
                + detectorWindow
                + "]";
    }

    @Override
    public TypeSerializerSnapshot<SeriesState> snapshotConfiguration() {
        return new SeriesStateSerializerSnapshot(this);
    }
}
