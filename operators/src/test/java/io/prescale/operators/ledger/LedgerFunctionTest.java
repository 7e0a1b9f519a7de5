package io.prescale.operators.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import io.prescale.operators.Harnesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class LedgerFunctionTest {
    private static final Instant T = Instant.parse("2017-01-01T10:00:00Z");

    /** Writes the checkpoints of {@link #feedOldLayout} to the directory it names. */
    static final String WRITE_PROPERTY = "prescale.test.write-checkpoints";

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, ScaleCommand, ActuationResult, ScaleCommand>
            harness(OperatorSubtaskState restore) throws Exception {
        return harness(restore, Harnesses.defaultBackend());
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, ScaleCommand, ActuationResult, ScaleCommand>
            harness(OperatorSubtaskState restore, String backend) throws Exception {
        var h =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(new LedgerFunction(Duration.ofDays(7))),
                        ScaleCommand::entity,
                        ActuationResult::entity,
                        Types.STRING);
        return Harnesses.open(h, restore, backend);
    }

    /** The ledger's file name on {@code backend}, as written before its lines kept issue times. */
    private static String oldLayout(String backend) {
        return "ledger-without-issued-" + backend + ".snapshot";
    }

    /** vm's cpu commanded at versions 1 and 2 (55), version 1 applied (40). */
    private static void feedOldLayout(
            KeyedTwoInputStreamOperatorTestHarness<
                            String, ScaleCommand, ActuationResult, ScaleCommand>
                    h)
            throws Exception {
        h.processElement1(command("vm", "cpu", 1, 40), 0);
        h.processElement1(command("vm", "cpu", 2, 55), 0);
        h.processElement2(result("vm", "cpu", 1, ActuationStatus.APPLIED, 40), 0);
    }

    @Test
    @EnabledIfSystemProperty(named = WRITE_PROPERTY, matches = ".+")
    void writeCheckpoints() throws Exception {
        Path dir = Path.of(System.getProperty(WRITE_PROPERTY));
        Files.createDirectories(dir);
        for (String backend : new String[] {"hashmap", "rocksdb"}) {
            var h = harness(null, backend);
            feedOldLayout(h);
            OperatorSnapshotUtil.writeStateHandle(
                    h.snapshot(1, 1), dir.resolve(oldLayout(backend)).toString());
            h.close();
        }
    }

    /** The ledger lines (actuation results) the harness put out. */
    private static List<LedgerEntry> lines(AbstractStreamOperatorTestHarness<ScaleCommand> h) {
        List<LedgerEntry> out = new ArrayList<>();
        var side = h.getSideOutput(LedgerFunction.LINES);
        if (side != null) {
            side.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    private static ScaleCommand command(String entity, String resource, long v, double amount) {
        return command(entity, resource, v, 0, amount, ScaleAction.SCALE_UP);
    }

    private static ScaleCommand command(
            String entity,
            String resource,
            long v,
            double previous,
            double amount,
            ScaleAction action) {
        return command(entity, resource, v, previous, amount, action, T);
    }

    /** A command issued at {@code issued}. */
    private static ScaleCommand command(
            String entity,
            String resource,
            long v,
            double previous,
            double amount,
            ScaleAction action,
            Instant issued) {
        return new ScaleCommand(
                entity + "/" + resource + "/" + v,
                entity,
                resource,
                action,
                amount,
                "pct",
                previous,
                v,
                "SCALE_UP_FORECAST",
                0.99,
                2,
                0.5,
                0,
                issued,
                issued,
                issued.plusSeconds(1200));
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

        assertThat(lines(h))
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

    /** The commands the ledger sent on, as "id action previous->target". */
    private static List<String> sent(AbstractStreamOperatorTestHarness<ScaleCommand> h) {
        List<String> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof ScaleCommand c) {
                out.add(
                        c.id()
                                + " "
                                + c.action()
                                + " "
                                + c.previousAmount()
                                + "->"
                                + c.targetAmount());
            }
        }
        return out;
    }

    @Test
    void withoutAPoolMoveTheArbitersCommandsPassUnchanged() throws Exception {
        var h = harness(null);
        long first = 1_483_264_800_000_001L;
        ScaleCommand[] in = {
            command("vm", "cpu", first, 0, 40, ScaleAction.SCALE_UP),
            command("vm", "cpu", first + 1, 40, 40, ScaleAction.RENEW),
            command("vm", "cpu", first + 2, 40, 10, ScaleAction.RELEASE),
            command("vm", "memory", 7, 0, 8, ScaleAction.PREWARM)
        };
        for (ScaleCommand c : in) {
            h.processElement1(c, 0);
        }
        assertThat(h.extractOutputValues()).containsExactly(in);
        h.close();
    }

    /**
     * The entity moved from a pool that commanded it up to version 12 (40 %) to a pool that starts
     * it afresh (a time-based first version, previous 0): the ledger continues at 13 from 40 and
     * numbers the new pool's following commands on, with the action's direction from the amount the
     * old pool commanded; a RECLASS recommendation keeps its own version (its grid step).
     */
    @Test
    void aMovedEntitysVersionsContinueFromWhatItsOldPoolCommanded() throws Exception {
        var h = harness(null);
        long fresh = 1_483_268_400_000_001L;
        h.processElement1(command("vm", "cpu", 11, 30, 40, ScaleAction.SCALE_UP), 0);
        h.processElement1(command("vm", "cpu", 12, 40, 40, ScaleAction.RENEW), 0);
        h.processElement1(command("vm", "cpu", fresh, 0, 40, ScaleAction.PREWARM), 0);
        h.processElement1(command("vm", "cpu", fresh + 1, 40, 35, ScaleAction.SCALE_DOWN), 0);
        h.processElement1(command("vm", "cpu", fresh + 2, 35, 50, ScaleAction.SCALE_UP), 0);
        h.processElement1(command("vm", "class", 288, 0, 0, ScaleAction.RECLASS), 0);

        assertThat(sent(h))
                .containsExactly(
                        "vm/cpu/11 SCALE_UP 30.0->40.0",
                        "vm/cpu/12 RENEW 40.0->40.0",
                        "vm/cpu/13 RENEW 40.0->40.0",
                        "vm/cpu/14 SCALE_DOWN 40.0->35.0",
                        "vm/cpu/15 SCALE_UP 35.0->50.0",
                        "vm/class/288 RECLASS 0.0->0.0");
        h.processElement2(result("vm", "cpu", 15, ActuationStatus.APPLIED, 50), 0);
        assertThat(lines(h).get(0).versionCommanded()).isEqualTo(15);
        h.close();
    }

    @Test
    void aMoveAfterARestoreContinuesTheRestoredVersions() throws Exception {
        var h = harness(null);
        h.processElement1(command("vm", "cpu", 5, 0, 20, ScaleAction.SCALE_UP), 0);
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();

        var restored = harness(snapshot);
        long fresh = 1_483_268_400_000_001L;
        restored.processElement1(command("vm", "cpu", fresh, 0, 25, ScaleAction.SCALE_UP), 0);
        assertThat(sent(restored)).containsExactly("vm/cpu/6 SCALE_UP 20.0->25.0");
        restored.close();
    }

    /** A rise to a target above the old pool's amount keeps PREWARM; a release keeps RELEASE. */
    @Test
    void aRenumberedCommandKeepsItsKindOfRiseOrFall() throws Exception {
        LedgerState line = new LedgerState(40, 3, Double.NaN, 0, null, 0, 0, 0);
        ScaleCommand prewarm =
                CommandSequence.next(command("vm", "cpu", 900, 0, 60, ScaleAction.PREWARM), line);
        ScaleCommand release =
                CommandSequence.next(command("vm", "cpu", 900, 50, 0, ScaleAction.RELEASE), line);
        ScaleCommand up =
                CommandSequence.next(
                        command("vm", "cpu", 900, 50, 45, ScaleAction.SCALE_DOWN), line);
        assertThat(List.of(prewarm.action(), release.action(), up.action()))
                .containsExactly(ScaleAction.PREWARM, ScaleAction.RELEASE, ScaleAction.SCALE_UP);
        assertThat(List.of(prewarm.version(), release.version(), up.version())).containsOnly(4L);
        assertThat(up.id()).isEqualTo("vm/cpu/4");
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
        assertThat(lines(h).get(1).commanded())
                .as("the command was forgotten with the lines")
                .isNaN();
        assertThat(h.numProcessingTimeTimers()).as("a new line, a new timer").isOne();
        h.close();
    }

    /**
     * At a parallelism above 1 the old pool's last command (issued at 10:00) reaches the ledger
     * after the new pool's first (issued at 10:05, when the entity moved): it is not sent, and the
     * new pool's commands go on from the new pool's target; a RECLASS is never compared.
     */
    @Test
    void anOldPoolsCommandArrivingAfterTheNewPoolsFirstIsNotSent() throws Exception {
        var h = harness(null);
        long fresh = 1_483_268_400_000_001L;
        Instant moved = T.plusSeconds(300);
        h.processElement1(command("vm", "cpu", 11, 30, 40, ScaleAction.SCALE_UP), 0);
        h.processElement1(command("vm", "cpu", fresh, 0, 25, ScaleAction.SCALE_UP, moved), 0);
        h.processElement1(command("vm", "cpu", 12, 40, 45, ScaleAction.SCALE_UP), 0);
        h.processElement1(
                command(
                        "vm",
                        "cpu",
                        fresh + 1,
                        25,
                        30,
                        ScaleAction.SCALE_UP,
                        moved.plusSeconds(300)),
                0);
        h.processElement1(command("vm", "class", 288, 0, 0, ScaleAction.RECLASS), 0);

        assertThat(sent(h))
                .containsExactly(
                        "vm/cpu/11 SCALE_UP 30.0->40.0",
                        "vm/cpu/12 SCALE_DOWN 40.0->25.0",
                        "vm/cpu/13 SCALE_UP 25.0->30.0",
                        "vm/class/288 RECLASS 0.0->0.0");
        h.processElement2(result("vm", "cpu", 13, ActuationStatus.APPLIED, 30), 0);
        assertThat(lines(h).get(0).commanded()).as("the new pool's target").isEqualTo(30);
        h.close();
    }

    /**
     * A pool's first grant of 0 to an entity new to it (from 0 to 0): not sent for a new entity,
     * whose first command is its first grant above 0; sent as a fall to 0 for one that moved in
     * holding a grant of its old pool (the forty-fourth tester's entity kept that grant, counted by
     * neither pool). A later zero-to-zero command after a release to 0 is not sent either.
     */
    @Test
    void aNewPoolsFirstGrantOfZeroIsSentOnlyToGiveUpAnOldGrant() throws Exception {
        var h = harness(null);
        long fresh = 1_483_268_400_000_001L;
        Instant moved = T.plusSeconds(300);
        h.processElement1(command("new", "cpu", fresh, 0, 0, ScaleAction.RENEW, moved), 0);
        h.processElement1(command("vm", "cpu", 56, 20, 9.27, ScaleAction.SCALE_DOWN), 0);
        h.processElement1(command("vm", "cpu", fresh, 0, 0, ScaleAction.RENEW, moved), 0);
        h.processElement1(
                command("vm", "cpu", fresh + 1, 0, 0, ScaleAction.RENEW, moved.plusSeconds(300)),
                0);
        h.processElement1(command("new", "cpu", fresh + 1, 0, 5, ScaleAction.SCALE_UP, moved), 0);

        assertThat(sent(h))
                .containsExactly(
                        "vm/cpu/56 SCALE_DOWN 20.0->9.27",
                        "vm/cpu/57 SCALE_DOWN 9.27->0.0",
                        "new/cpu/" + (fresh + 1) + " SCALE_UP 0.0->5.0");
        h.close();
    }

    /**
     * Checkpoints written before the lines kept their newest command's issue time restore on their
     * backend: the line goes on from version 2 (55), and every command is sent.
     */
    @Test
    void aLedgerWrittenBeforeIssueTimesWereKeptRestores() throws Exception {
        for (String backend : new String[] {"hashmap", "rocksdb"}) {
            String file = Path.of("src/test/resources/ledger", oldLayout(backend)).toString();
            var h = harness(OperatorSnapshotUtil.readStateHandle(file), backend);
            h.processElement1(command("vm", "cpu", 3, 55, 50, ScaleAction.SCALE_DOWN), 0);
            h.processElement2(result("vm", "cpu", 3, ActuationStatus.APPLIED, 50), 0);
            assertThat(sent(h)).as(backend).containsExactly("vm/cpu/3 SCALE_DOWN 55.0->50.0");
            LedgerEntry line = lines(h).get(0);
            assertThat(List.of(line.commanded(), line.applied()))
                    .as(backend)
                    .containsExactly(50.0, 50.0);
            assertThat(line.versionApplied()).as(backend).isEqualTo(3);
            h.close();
        }
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
            lines.put(
                    c.resource(),
                    new LedgerState(c.targetAmount(), c.version(), 0, 0, "", 2, 0, 0));
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
        LedgerEntry l = lines(restored).get(0);
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
        LedgerEntry l = lines(restored).get(0);
        assertThat(l.commanded()).isEqualTo(60);
        assertThat(l.versionCommanded()).isEqualTo(3);
        assertThat(l.versionApplied()).isEqualTo(3);
        assertThat(l.failed()).as("the earlier failure is kept").isEqualTo(1);
        restored.processElement2(result("other", "cpu", 9, ActuationStatus.APPLIED, 5), 0);
        assertThat(lines(restored).get(1).commanded())
                .as("a result for a command this job never sent")
                .isNaN();
        restored.close();
    }
}
