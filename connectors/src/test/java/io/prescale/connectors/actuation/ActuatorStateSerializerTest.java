package io.prescale.connectors.actuation;

import static io.prescale.connectors.actuation.AppliedCommandsTest.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.connectors.influx.InfluxBacklog;
import io.prescale.model.JsonCodec;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActuatorStateSerializerTest {
    private final ActuatorStateSerializer serializer = new ActuatorStateSerializer();

    private ActuatorState roundTrip(ActuatorState s) throws IOException {
        return serializer.deserialize(serializer.getVersion(), serializer.serialize(s));
    }

    @Test
    void aCommandAndAnInfluxBacklogRoundTrip() throws IOException {
        ActuatorState command =
                new ActuatorState.InForce(
                        cmd("vm-1", 3, 2.5, Instant.parse("2024-03-01T12:00:00Z")));
        ActuatorState influx =
                new ActuatorState.Influx(
                        new InfluxBacklog(
                                List.of("actuation,entity=vm-1 applied=2.5 1", "é ünïcode"),
                                List.of("vm-1", "vm-2")));

        assertThat(roundTrip(command)).isEqualTo(command);
        assertThat(roundTrip(influx)).isEqualTo(influx);
    }

    /** A checkpoint of the actuator before version 2 held commands only, as their JSON. */
    @Test
    void versionOneIsACommandsJson() throws IOException {
        var c = cmd("vm-1", 3, 2.5, Instant.parse("2024-03-01T12:00:00Z"));
        assertThat(serializer.deserialize(1, JsonCodec.encode(c)))
                .isEqualTo(new ActuatorState.InForce(c));
    }

    @Test
    void aCorruptOrUnknownStateIsRefusedWithWhatItHolds() {
        assertThatThrownBy(() -> serializer.deserialize(3, new byte[] {'C'}))
                .hasMessageContaining("version 3");
        assertThatThrownBy(() -> serializer.deserialize(2, new byte[] {'X', 1}))
                .hasMessageContaining("unknown kind");
        assertThatThrownBy(() -> serializer.deserialize(2, new byte[0]))
                .hasMessageContaining("empty element");
        assertThatThrownBy(() -> serializer.deserialize(2, new byte[] {'C', '{'}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("applied command");
    }
}
