package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import io.prescale.operators.allocation.AllocationRequest;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class PassThroughVersioningTest {
    private static final Instant T = Instant.parse("2017-01-01T00:00:00Z");

    private static KeyedOneInputStreamOperatorTestHarness<String, AllocationRequest, ScaleCommand>
            harness(OperatorSubtaskState restore) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new PassThroughVersioning(Duration.ofDays(7))),
                        PassThroughVersioning::keyOf,
                        Types.STRING);
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    private static AllocationRequest request(String resource, double amount, String reason) {
        return new AllocationRequest(
                "vm",
                "default",
                resource,
                "pct",
                0,
                amount,
                0,
                0,
                reason,
                0.99,
                2,
                0,
                T,
                T,
                T.plusSeconds(1200));
    }

    @Test
    void versionsEachEntityAndResourceWithoutGapsAcrossARestore() throws Exception {
        var h = harness(null);
        h.processElement(request("cpu", 40, "COLD_START_DEFAULT"), 0);
        h.processElement(request("cpu", 60, "SCALE_UP_FORECAST"), 0);
        h.processElement(request("memory", 8, "COLD_START_DEFAULT"), 0);
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();
        var restored = harness(snapshot);
        restored.processElement(request("cpu", 30, "RELEASE_DECAY"), 0);
        restored.processElement(request("cpu", 0, "SESSION_END"), 0);
        assertThat(restored.extractOutputValues())
                .extracting(
                        c ->
                                c.resource()
                                        + "@"
                                        + c.version()
                                        + " "
                                        + c.action()
                                        + " "
                                        + c.previousAmount())
                .containsExactly(
                        "cpu@3 " + ScaleAction.SCALE_DOWN + " 60.0",
                        "cpu@4 " + ScaleAction.RELEASE + " 30.0");
        assertThat(restored.numKeyedStateEntries()).isEqualTo(4);
        restored.close();
    }
}
