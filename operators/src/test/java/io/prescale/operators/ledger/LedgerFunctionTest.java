package io.prescale.operators.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import io.prescale.operators.Harnesses;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class LedgerFunctionTest {
    private static final Instant T = Instant.parse("2017-01-01T10:00:00Z");

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, ScaleCommand, ActuationResult, LedgerEntry>
            harness(OperatorSubtaskState restore) throws Exception {
        var h =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(new LedgerFunction(Duration.ofDays(7))),
                        ScaleCommand::entity,
                        ActuationResult::entity,
                        Types.STRING);
        return Harnesses.open(h, restore);
    }

    private static ScaleCommand command(String entity, String resource, long v, double amount) {
        return new ScaleCommand(
                entity + "/" + resource + "/" + v,
                entity,
                resource,
                ScaleAction.SCALE_UP,
                amount,
                "pct",
                0,
                v,
                "SCALE_UP_FORECAST",
                0.99,
                2,
                0.5,
                0,
                T,
                T,
                T.plusSeconds(1200));
    }

    private static ActuationResult result(
            String entity, String resource, long v, ActuationStatus s, double applied) {
        return new ActuationResult(
                entity + "/" + resource + "/" + v,
                entity,
                resource,
                v,
                s,
                applied,
                "log",
                T.plusSeconds(v),
                s == ActuationStatus.APPLIED ? "" : "backend said no");
    }

    @Test
    void keepsWhatWasCommandedAndWhatWasAppliedPerResource() throws Exception {
        var h = harness(null);
        h.processElement1(command("vm", "cpu", 1, 40), 0);
        h.processElement1(command("vm", "cpu", 2, 55), 0);
        h.processElement1(command("vm", "memory", 1, 8), 0);
        h.processElement2(result("vm", "cpu", 1, ActuationStatus.APPLIED, 40), 0);
        h.processElement2(result("vm", "cpu", 2, ActuationStatus.FAILED, 40), 0);
        h.processElement2(result("vm", "memory", 1, ActuationStatus.REJECTED, 0), 0);

        assertThat(h.extractOutputValues())
                .extracting(
                        l ->
                                l.resource()
                                        + " "
                                        + l.commanded()
                                        + "@"
                                        + l.versionCommanded()
                                        + " applied "
                                        + l.applied()
                                        + "@"
                                        + l.versionApplied()
                                        + " v"
                                        + l.version()
                                        + " "
                                        + l.status()
                                        + " f"
                                        + l.failed()
                                        + " r"
                                        + l.rejected())
                .containsExactly(
                        "cpu 55.0@2 applied 40.0@1 v1 APPLIED f0 r0",
                        "cpu 55.0@2 applied 40.0@1 v2 FAILED f1 r0",
                        "memory 8.0@1 applied 0.0@0 v1 REJECTED f0 r1");
        Harnesses.assertKeyedEntries(
                h, 2, "one map of lines for the entity and the time of its last update");
        h.close();
    }

    @Test
    void anEntitysLinesGoAWeekAfterItsLastUpdateAndNotBefore() throws Exception {
        long day = Duration.ofDays(1).toMillis();
        var h = harness(null);
        h.setProcessingTime(0);
        h.processElement1(command("gone", "cpu", 1, 40), 0);
        h.processElement1(command("busy", "cpu", 1, 40), 0);
        h.setProcessingTime(6 * day);
        h.processElement2(result("busy", "cpu", 1, ActuationStatus.APPLIED, 40), 0);
        h.setProcessingTime(7 * day);
        Harnesses.assertKeyedEntries(h, 2, "busy's lines and clock");
        assertThat(h.numProcessingTimeTimers()).as("busy waits for its latest update").isOne();

        h.setProcessingTime(13 * day - 1);
        Harnesses.assertKeyedEntries(h, 2, "busy's lines and clock");
        h.setProcessingTime(13 * day);
        Harnesses.assertKeyedEntries(h, 0, "nothing");
        assertThat(h.numProcessingTimeTimers()).isZero();

        h.processElement2(result("busy", "cpu", 1, ActuationStatus.APPLIED, 40), 0);
        assertThat(h.extractOutputValues().get(1).commanded())
                .as("the command was forgotten with the lines")
                .isNaN();
        assertThat(h.numProcessingTimeTimers()).as("a new line, a new timer").isOne();
        h.close();
    }

    /** The ledger's state as it was kept before its timer: the same map with a Flink state TTL. */
    private static final class TtlLedger
            extends KeyedCoProcessFunction<String, ScaleCommand, ActuationResult, LedgerEntry> {
        private transient MapState<String, LedgerState> lines;

        @Override
        public void open(OpenContext ctx) {
            MapStateDescriptor<String, LedgerState> d =
                    new MapStateDescriptor<>(
                            "ledger", Types.STRING, TypeInformation.of(LedgerState.class));
            d.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofDays(7)).build());
            lines = getRuntimeContext().getMapState(d);
        }

        @Override
        public void processElement1(ScaleCommand c, Context ctx, Collector<LedgerEntry> out)
                throws Exception {
            lines.put(c.resource(), new LedgerState(c.targetAmount(), c.version(), 0, 0, "", 2, 0));
        }

        @Override
        public void processElement2(ActuationResult r, Context ctx, Collector<LedgerEntry> out) {}
    }

    @Test
    void aLedgerKeptWithAStateTtlRestoresAndGetsItsTimerAtItsNextUpdate() throws Exception {
        var old =
                Harnesses.open(
                        new KeyedTwoInputStreamOperatorTestHarness<>(
                                new KeyedCoProcessOperator<>(new TtlLedger()),
                                ScaleCommand::entity,
                                ActuationResult::entity,
                                Types.STRING),
                        null);
        old.processElement1(command("vm", "cpu", 4, 70), 0);
        OperatorSubtaskState snapshot = old.snapshot(1, 1);
        old.close();

        var restored = harness(snapshot);
        assertThat(restored.numProcessingTimeTimers()).isZero();
        restored.processElement2(result("vm", "cpu", 4, ActuationStatus.APPLIED, 70), 0);
        LedgerEntry l = restored.extractOutputValues().get(0);
        assertThat(l.commanded()).isEqualTo(70);
        assertThat(l.failed()).as("the count kept under the TTL").isEqualTo(2);
        assertThat(restored.numProcessingTimeTimers()).isOne();
        restored.close();
    }

    @Test
    void linesAndTheirCountsSurviveARestore() throws Exception {
        var h = harness(null);
        h.processElement1(command("vm", "cpu", 3, 60), 0);
        h.processElement2(result("vm", "cpu", 3, ActuationStatus.FAILED, 20), 0);
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();

        var restored = harness(snapshot);
        Harnesses.assertKeyedEntries(restored, 2, "the lines and the time of the last update");
        assertThat(restored.numProcessingTimeTimers()).as("the clean-up timer").isOne();
        restored.processElement2(result("vm", "cpu", 3, ActuationStatus.APPLIED, 60), 0);
        LedgerEntry l = restored.extractOutputValues().get(0);
        assertThat(l.commanded()).isEqualTo(60);
        assertThat(l.versionCommanded()).isEqualTo(3);
        assertThat(l.versionApplied()).isEqualTo(3);
        assertThat(l.failed()).as("the earlier failure is kept").isEqualTo(1);
        restored.processElement2(result("other", "cpu", 9, ActuationStatus.APPLIED, 5), 0);
        assertThat(restored.extractOutputValues().get(1).commanded())
                .as("a result for a command this job never sent")
                .isNaN();
        restored.close();
    }
}
