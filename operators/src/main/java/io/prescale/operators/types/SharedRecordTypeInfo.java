package io.prescale.operators.types;

import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type of a stream of immutable records that chained operators may share: serialized exactly as
 * Flink's own type for the record ({@link TypeInformation#of}), but {@link SharedSerializer} copies
 * by returning the record itself. Without it, with object reuse off (the default), each chained
 * consumer of a stream gets its own copy of every record, made by reflection and the record's
 * constructor; a window's H forecasts went to three consumers.
 *
 * <p>Only for records that nothing changes after they are made: Java records whose fields are
 * immutable values (strings, instants, boxed numbers, immutable collections). Job-wide object reuse
 * would do the same for every type, but it also changes how Flink's own operators pass their
 * internal messages (the exactly-once Kafka sink then commits nothing while the job runs).
 *
 * @param <T> the record type
 */
public final class SharedRecordTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final TypeInformation<T> type;

    private SharedRecordTypeInfo(TypeInformation<T> type) {
        this.type = type;
    }

    /**
     * @throws IllegalArgumentException when {@code type} is not a record
     */
    public static <T> SharedRecordTypeInfo<T> of(Class<T> type) {
        return of(type, TypeInformation.of(requireRecord(type)));
    }

    /**
     * The record {@code type} serialized as {@code serialized} says.
     *
     * @throws IllegalArgumentException when {@code type} is not a record
     */
    public static <T> SharedRecordTypeInfo<T> of(Class<T> type, TypeInformation<T> serialized) {
        requireRecord(type);
        return new SharedRecordTypeInfo<>(serialized);
    }

    private static <T> Class<T> requireRecord(Class<T> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(
                    type.getName() + " is not a record: only immutable records may be shared");
        }
        return type;
    }

    @Override
    public boolean isBasicType() {
        return type.isBasicType();
    }

    @Override
    public boolean isTupleType() {
        return type.isTupleType();
    }

    @Override
    public int getArity() {
        return type.getArity();
    }

    @Override
    public int getTotalFields() {
        return type.getTotalFields();
    }

    @Override
    public Class<T> getTypeClass() {
        return type.getTypeClass();
    }

    @Override
    public boolean isKeyType() {
        return type.isKeyType();
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return new SharedSerializer<>(type.createSerializer(config));
    }

    @Override
    public String toString() {
        return "Shared<" + type + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SharedRecordTypeInfo<?> s && type.equals(s.type);
    }

    @Override
    public int hashCode() {
        return Objects.hash(SharedRecordTypeInfo.class, type);
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof SharedRecordTypeInfo;
    }
}
