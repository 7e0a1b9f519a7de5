package io.prescale.operators.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

class ScaleCommandSerializerTest {
    private static final Instant ISSUED = Instant.parse("2017-01-01T00:05:00.000000123Z");

    private static ScaleCommand command(ScaleAction action, String reason) {
        return new ScaleCommand(
                "vm-1/cpu/3",
                "vm-1",
                "cpu",
                action,
                57.5,
                "pct",
                41.25,
                3,
                reason,
                0.95,
                2,
                0.125,
                1,
                ISSUED,
                ISSUED.plusSeconds(600),
                ISSUED.plusSeconds(1500));
    }

    @Test
    void roundTripsEveryAction() throws Exception {
        List<ScaleCommand> commands = new ArrayList<>();
        for (ScaleAction a : ScaleAction.values()) {
            // a reason with characters beyond Latin-1, as the arbiter's reasons have
            commands.add(command(a, "GRANTED granted=57.5/57.5 tier=1 share=1; policy: ≥ µ"));
        }
        commands.add(command(ScaleAction.SCALE_UP, ""));
        SerializerChecks.assertRoundTrips(
                ScaleCommandSerializer.type().createSerializer(new SerializerConfigImpl()),
                commands);
    }

    @Test
    void copiesAreTheCommandItself() {
        TypeSerializer<ScaleCommand> s =
                ScaleCommandSerializer.type().createSerializer(new SerializerConfigImpl());
        ScaleCommand c = command(ScaleAction.RELEASE, "r");
        assertThat(s.copy(c)).isSameAs(c);
    }

    @Test
    void snapshotRestoresACompatibleSerializer() throws Exception {
        SerializerChecks.assertRestoresCompatible(ScaleCommandSerializer.INSTANCE);
    }
}
