package io.prescale.operators.types;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A serializer of immutable records ({@link SharedRecordTypeInfo}): writes and reads with the
 * record's own serializer, and "copies" by returning the record, which is safe only because no one
 * can change it. Meant for stream elements, not state (its snapshot is the record serializer's).
 */
final class SharedSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    private final TypeSerializer<T> serializer;

    SharedSerializer(TypeSerializer<T> serializer) {
        this.serializer = serializer;
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        TypeSerializer<T> d = serializer.duplicate();
        return d == serializer ? this : new SharedSerializer<>(d);
    }

    @Override
    public T createInstance() {
        return serializer.createInstance();
    }

    @Override
    public T copy(T from) {
        return from;
    }

    @Override
    public T copy(T from, T reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return serializer.getLength();
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        serializer.serialize(record, target);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        return serializer.deserialize(source);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return serializer.deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serializer.copy(source, target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SharedSerializer<?> s && serializer.equals(s.serializer);
    }

    @Override
    public int hashCode() {
        return serializer.hashCode() * 31 + 7;
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return serializer.snapshotConfiguration();
    }
}
