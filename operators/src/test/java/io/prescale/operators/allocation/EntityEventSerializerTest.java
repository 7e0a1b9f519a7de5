package io.prescale.operators.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.model.Feedback;
import io.prescale.model.RawRecord;
import io.prescale.model.WindowAggregate;
import io.prescale.operators.feedback.ReceivedHint;
import io.prescale.operators.types.SerializerChecks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class EntityEventSerializerTest {
    private static final Instant START = Instant.parse("2017-01-01T00:05:00.000000123Z");
    private static final Instant END = START.plusSeconds(300);

    private static WindowAggregate window(String entity) {
        return new WindowAggregate(entity, "cpu_max_pct", START, END, 3, 41.5, 57.25, 56.0);
    }

    private static final Feedback.Hint HINT =
            new Feedback.Hint("vm-3", "cpu_max_pct", 80, START, END);

    /** {@link #HINT} as received, under {@code key}, in a record of its own spelling. */
    private static EntityEvent hint(byte[] key) {
        byte[] value = "{ \"v\": 1, \"type\": \"hint\" }".getBytes(StandardCharsets.UTF_8);
        return EntityEvent.of(
                new ReceivedHint(
                        HINT, new RawRecord(key, value, "prescale.feedback", 3, 1L << 40, 17)));
    }

    private static TypeSerializer<EntityEvent> serializer() {
        return EntityEvent.type().createSerializer(new SerializerConfigImpl());
    }

    @Test
    void roundTripsEveryKindOfEvent() throws Exception {
        List<EntityEvent> events =
                List.of(
                        EntityEvent.of(window("vm-1")),
                        // a window whose entity is not the event's (the record allows it)
                        new EntityEvent("vm-2", window("vm-1"), null, null),
                        EntityEvent.tenantOf("vm-1", "tenant-ü"),
                        hint(new byte[] {'v', 'm'}),
                        // a hint with no key, and one whose record is empty: the bytes as sent
                        hint(null),
                        EntityEvent.of(
                                new ReceivedHint(
                                        HINT,
                                        new RawRecord(new byte[0], new byte[0], "f", 0, 0, 0))));
        TypeSerializer<EntityEvent> s = serializer();
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (EntityEvent e : events) {
            s.serialize(e, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (EntityEvent e : events) {
            EntityEvent back = s.deserialize(in);
            assertThat(back).isEqualTo(e);
            if (e.window() != null) {
                assertThat(back.window().windowStart()).isEqualTo(START);
            }
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void readsWhatFlinksRecordSerializerWouldHaveCarried() throws Exception {
        // the same events through Flink's own serializer of the record and through this one
        EntityEvent e = EntityEvent.of(window("vm-1"));
        TypeSerializer<EntityEvent> flink =
                TypeInformation.of(EntityEvent.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(64);
        flink.serialize(e, out);
        EntityEvent viaFlink = flink.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        out.clear();
        serializer().serialize(e, out);
        assertThat(serializer().deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
                .isEqualTo(viaFlink);
    }

    @Test
    void copiesAreTheEventItself() {
        EntityEvent e = EntityEvent.tenantOf("vm-1", "t");
        assertThat(serializer().copy(e)).isSameAs(e);
        assertThat(serializer().isImmutableType()).isTrue();
    }

    @Test
    void anUnknownTagIsAClearError() {
        DataOutputSerializer out = new DataOutputSerializer(16);
        assertThatThrownBy(
                        () -> {
                            StringSerializer.INSTANCE.serialize("vm-1", out);
                            out.writeByte(7);
                            serializer()
                                    .deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
                        })
                .isInstanceOf(IOException.class)
                .hasMessageContaining("tag 7");
    }

    @Test
    void snapshotRestoresACompatibleSerializer() throws Exception {
        SerializerChecks.assertRestoresCompatible(EntityEventSerializer.INSTANCE);
    }
}
