package io.prescale.operators.allocation;

import static io.prescale.operators.allocation.AllocationHarness.feed;
import static io.prescale.operators.allocation.AllocationHarness.millis;
import static io.prescale.operators.allocation.AllocationHarness.watermark;
import static io.prescale.operators.allocation.AllocationHarness.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.overrides.ScopeOverride;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.AbstractUdfStreamOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * An entity whose two metrics are windowed by different window subtasks, one of them hours ahead of
 * the other while the job works through a backlog, with a silence longer than the inactivity
 * timeout in the data (the nineteenth tester's finding): the requests must be the ones the same
 * windows give in step order, one session before the silence and one after it. Before the fix, the
 * leading metric's first window after the silence ended the session while the demand metric's
 * windows from before it were still on their way, and those started a new session: a release to 0
 * and a cold start over data that never stopped.
 */
class EntityAllocationBacklogTest {
    private static final String VM = "vm-1035359";
    private static final long[] STEPS =
            LongStream.concat(LongStream.range(0, 40), LongStream.range(60, 100)).toArray();
    private static final long END = 200;

    @Test
    void aMetricRunningAheadAcrossASilenceGivesTheRequestsOfTheStepOrder() throws Exception {
        List<String> inOrder = inStepOrder();
        assertThat(inOrder.stream().filter(r -> r.contains("SESSION_END")).count())
                .as("the silence of 20 steps and the stream's end each end a session")
                .isEqualTo(2);
        for (int together : new int[] {1, 10}) {
            Run backlog = new Run();
            for (int i = 0; i < together; i++) {
                backlog.demand(STEPS[i]);
                backlog.other(STEPS[i]);
                watermark(backlog.h, millis(STEPS[i] + 1) - 1);
            }
            // the other metric's window subtask runs ahead; the watermark waits for the slower one
            for (int i = together; i < STEPS.length; i++) {
                backlog.other(STEPS[i]);
            }
            for (int i = together; i < STEPS.length; i++) {
                backlog.demand(STEPS[i]);
                watermark(backlog.h, millis(STEPS[i] + 1) - 1);
            }
            assertThat(backlog.finish())
                    .as("in step order for %d steps, then one metric ahead", together)
                    .isEqualTo(inOrder);
            assertThat(backlog.sessionsStarted()).isEqualTo(2);
        }
    }

    @Test
    void heldWindowsAreKeptInCheckpoints() throws Exception {
        Run before = new Run();
        before.demand(STEPS[0]);
        before.other(STEPS[0]);
        watermark(before.h, millis(STEPS[0] + 1) - 1);
        for (int i = 1; i < STEPS.length; i++) {
            before.other(STEPS[i]);
        }
        List<String> requests = new ArrayList<>(Run.stamped(before.h));
        OperatorSubtaskState snapshot = before.h.snapshot(1, 1);
        before.h.close();

        Run after = new Run(snapshot);
        for (int i = 1; i < STEPS.length; i++) {
            after.demand(STEPS[i]);
            watermark(after.h, millis(STEPS[i] + 1) - 1);
        }
        requests.addAll(after.finish());
        assertThat(requests).isEqualTo(inStepOrder());
    }

    private static List<String> inStepOrder() throws Exception {
        Run run = new Run();
        for (long s : STEPS) {
            run.demand(s);
            run.other(s);
            watermark(run.h, millis(s + 1) - 1);
        }
        return run.finish();
    }

    /** One harness, fed the demand metric and one other metric of {@link #VM}. */
    private static final class Run {
        final KeyedBroadcastOperatorTestHarness<
                        String, EntityEvent, ScopeOverride, AllocationRequest>
                h;

        Run() throws Exception {
            this(null);
        }

        Run(OperatorSubtaskState restoreFrom) throws Exception {
            h = AllocationHarness.harness(AllocationHarness.cpuOnly(), restoreFrom);
        }

        void demand(long s) throws Exception {
            feed(h, window(VM, "cpu_max_pct", s, 40 + s % 7));
        }

        void other(long s) throws Exception {
            feed(h, window(VM, "cpu_avg_pct", s, 20 + s % 5));
        }

        /** The requests, each with its timestamp: the arbiter's round for it. */
        List<String> finish() throws Exception {
            watermark(h, millis(END));
            List<String> requests = stamped(h);
            h.close();
            return requests;
        }

        static List<String> stamped(
                KeyedBroadcastOperatorTestHarness<
                                String, EntityEvent, ScopeOverride, AllocationRequest>
                        h) {
            return h.extractOutputStreamRecords().stream()
                    .map(r -> r.getValue() + " @" + r.getTimestamp())
                    .toList();
        }

        long sessionsStarted() {
            var function =
                    (EntityAllocationFunction)
                            ((AbstractUdfStreamOperator<?, ?>) h.getOperator()).getUserFunction();
            return function.metrics.sessionsStarted.getCount();
        }
    }
}
