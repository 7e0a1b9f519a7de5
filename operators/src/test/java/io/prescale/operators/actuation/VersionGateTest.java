package io.prescale.operators.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class VersionGateTest {
    private static final Instant T = Instant.parse("2024-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T, ZoneOffset.UTC);

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

    private static KeyedOneInputStreamOperatorTestHarness<CommandKey, ScaleCommand, ScaleCommand>
            harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new VersionGate(Duration.ofDays(1), CLOCK)),
                CommandKey::of,
                TypeInformation.of(CommandKey.class));
    }

    @Test
    void passesNewerVersionsPerEntityAndResourceAndSupersedesTheRest() throws Exception {
        var h = harness();
        h.open();
        h.processElement(new StreamRecord<>(cmd("a", "cpu", 2)));
        h.processElement(new StreamRecord<>(cmd("a", "cpu", 2)));
        h.processElement(new StreamRecord<>(cmd("a", "cpu", 1)));
        h.processElement(new StreamRecord<>(cmd("a", "memory", 1)));
        h.processElement(new StreamRecord<>(cmd("b", "cpu", 1)));
        h.processElement(new StreamRecord<>(cmd("a", "cpu", 3)));

        assertThat(h.extractOutputValues())
                .extracting(c -> c.entity() + "/" + c.resource() + "@" + c.version())
                .containsExactly("a/cpu@2", "a/memory@1", "b/cpu@1", "a/cpu@3");
        assertThat(h.getSideOutput(VersionGate.SUPERSEDED))
                .extracting(r -> ((ActuationResult) r.getValue()))
                .allMatch(r -> r.status() == ActuationStatus.SUPERSEDED)
                .extracting(ActuationResult::version)
                .containsExactly(2L, 1L);
        assertThat(h.getSideOutput(VersionGate.SUPERSEDED))
                .extracting(r -> ((ActuationResult) r.getValue()).appliedAmount())
                .as("the amount in force: version 2's target, not the stale command's previous")
                .containsExactly(2.0, 2.0);
        assertThat(h.numKeyedStateEntries()).as("version and target per key").isEqualTo(6);
        h.close();
    }

    @Test
    void versionsSurviveSnapshotAndRestore() throws Exception {
        var h = harness();
        h.open();
        h.processElement(new StreamRecord<>(cmd("a", "cpu", 5)));
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();

        var restored = harness();
        restored.initializeState(snapshot);
        restored.open();
        restored.processElement(new StreamRecord<>(cmd("a", "cpu", 5)));
        restored.processElement(new StreamRecord<>(cmd("a", "cpu", 6)));
        assertThat(restored.extractOutputValues())
                .extracting(ScaleCommand::version)
                .containsExactly(6L);
        assertThat(restored.getSideOutput(VersionGate.SUPERSEDED)).hasSize(1);
        restored.close();
    }
}
