package io.prescale.operators.types;

import java.io.IOException;
import java.time.Instant;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A hand-written serializer of an immutable record travelling between operators or kept in state:
 * what every such serializer shares. Copies return the record itself (nothing can change it), there
 * is no instance to reuse, and the length varies. Subclasses write the fields in a fixed order.
 *
 * @param <T> the record type
 */
public abstract class ImmutableRecordSerializer<T> extends TypeSerializerSingleton<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public final boolean isImmutableType() {
        return true;
    }

    @Override
    public final T createInstance() {
        return null;
    }

    @Override
    public final T copy(T from) {
        return from;
    }

    @Override
    public final T copy(T from, T reuse) {
        return from;
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public final void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    /** {@code t} as epoch seconds then nanos. */
    protected static void writeInstant(Instant t, DataOutputView out) throws IOException {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    /** What {@link #writeInstant} wrote. */
    protected static Instant readInstant(DataInputView in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
