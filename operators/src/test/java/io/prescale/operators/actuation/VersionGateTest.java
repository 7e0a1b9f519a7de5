package io.prescale.operators.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.GatedCommand;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import io.prescale.operators.Harnesses;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class VersionGateTest {
    private static final Instant T = Instant.parse("2024-03-01T12:00:00Z");
    private static final Duration TTL = Duration.ofDays(1);

    private static ScaleCommand cmd(String entity, String resource, long version) {
        return new ScaleCommand(
                "c-" + entity + "-" + version,
                entity,
                resource,
                ScaleAction.SCALE_UP,
                version,
                "replicas",
                0,
                version,
                "test",
                0.99,
                2,
                0.9,
                0,
                T,
                T,
                T.plusSeconds(600));
    }

    private static <O> KeyedOneInputStreamOperatorTestHarness<CommandKey, ScaleCommand, O> harness(
            KeyedProcessFunction<CommandKey, ScaleCommand, O> f, OperatorSubtaskState restore)
            throws Exception {
        return Harnesses.open(
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(f),
                        CommandKey::of,
                        TypeInformation.of(CommandKey.class)),
                restore);
    }

    private static KeyedOneInputStreamOperatorTestHarness<CommandKey, ScaleCommand, GatedCommand>
            gate(OperatorSubtaskState restore) throws Exception {
        return harness(new VersionGate(TTL), restore);
    }

    /** {@code entity/resource@version} then {@code passed} or {@code superseded by N}. */
    private static String verdict(GatedCommand g) {
        ScaleCommand c = g.command();
        return c.entity()
                + "/"
                + c.resource()
                + "@"
                + c.version()
                + (g.superseded() ? " superseded by " + g.newestVersion() : " passed");
    }

    @Test
    void passesNewerVersionsPerEntityAndResourceAndMarksTheRestSuperseded() throws Exception {
        var h = gate(null);
        h.processElement(new StreamRecord<>(cmd("a", "cpu", 2)));
        h.processElement(new StreamRecord<>(cmd("a", "cpu", 2)));
        h.processElement(new StreamRecord<>(cmd("a", "cpu", 1)));
        h.processElement(new StreamRecord<>(cmd("a", "memory", 1)));
        h.processElement(new StreamRecord<>(cmd("b", "cpu", 1)));
        h.processElement(new StreamRecord<>(cmd("a", "cpu", 3)));

        assertThat(h.extractOutputValues())
                .as("every command goes on to the actuator, in order, with its verdict")
                .extracting(VersionGateTest::verdict)
                .containsExactly(
                        "a/cpu@2 passed",
                        "a/cpu@2 superseded by 2",
                        "a/cpu@1 superseded by 2",
                        "a/memory@1 passed",
                        "b/cpu@1 passed",
                        "a/cpu@3 passed");
        Harnesses.assertKeyedEntries(h, 3, "the newest version per key");
        h.close();
    }

    @Test
    void versionsSurviveSnapshotAndRestore() throws Exception {
        var h = gate(null);
        h.processElement(new StreamRecord<>(cmd("a", "cpu", 5)));
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();

        var restored = gate(snapshot);
        restored.processElement(new StreamRecord<>(cmd("a", "cpu", 5)));
        restored.processElement(new StreamRecord<>(cmd("a", "cpu", 6)));
        assertThat(restored.extractOutputValues())
                .extracting(VersionGateTest::verdict)
                .containsExactly("a/cpu@5 superseded by 5", "a/cpu@6 passed");
        restored.close();
    }

    @Test
    void aCheckpointOfTheGateThatKeptTheNewestTargetRestores() throws Exception {
        var old = harness(new GateWithNewestTarget(), null);
        old.processElement(new StreamRecord<>(cmd("a", "cpu", 5)));
        OperatorSubtaskState snapshot = old.snapshot(1, 1);
        old.close();

        var restored = gate(snapshot);
        restored.processElement(new StreamRecord<>(cmd("a", "cpu", 4)));
        restored.processElement(new StreamRecord<>(cmd("a", "cpu", 6)));
        assertThat(restored.extractOutputValues())
                .extracting(VersionGateTest::verdict)
                .containsExactly("a/cpu@4 superseded by 5", "a/cpu@6 passed");
        restored.close();
    }

    /** The state of the gate before the actuator reported SUPERSEDED: version and target. */
    private static final class GateWithNewestTarget
            extends KeyedProcessFunction<CommandKey, ScaleCommand, ScaleCommand> {
        private transient ValueState<Long> version;
        private transient ValueState<Double> target;

        @Override
        public void open(OpenContext openContext) {
            StateTtlConfig ttl = StateTtlConfig.newBuilder(TTL).build();
            ValueStateDescriptor<Long> v = new ValueStateDescriptor<>("newest-version", Types.LONG);
            v.enableTimeToLive(ttl);
            version = getRuntimeContext().getState(v);
            ValueStateDescriptor<Double> t =
                    new ValueStateDescriptor<>("newest-target", Types.DOUBLE);
            t.enableTimeToLive(ttl);
            target = getRuntimeContext().getState(t);
        }

        @Override
        public void processElement(ScaleCommand c, Context ctx, Collector<ScaleCommand> out)
                throws Exception {
            version.update(c.version());
            target.update(c.targetAmount());
            out.collect(c);
        }
    }
}
