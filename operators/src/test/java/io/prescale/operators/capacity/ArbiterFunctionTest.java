package io.prescale.operators.capacity;

import static io.prescale.model.ScaleAction.PREWARM;
import static io.prescale.model.ScaleAction.RELEASE;
import static io.prescale.model.ScaleAction.RENEW;
import static io.prescale.operators.capacity.ArbiterHarness.at;
import static io.prescale.operators.capacity.ArbiterHarness.capacity;
import static io.prescale.operators.capacity.ArbiterHarness.closeWindow;
import static io.prescale.operators.capacity.ArbiterHarness.decision;
import static io.prescale.operators.capacity.ArbiterHarness.request;
import static io.prescale.operators.capacity.ArbiterHarness.silent;
import static io.prescale.operators.capacity.ArbiterHarness.steadyShadowStep;
import static io.prescale.operators.capacity.ArbiterHarness.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.prescale.ml.capacity.GrantReason;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import io.prescale.operators.allocation.AllocationRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ArbiterFunctionTest {

    @Test
    void everyStateAndOutputTypeHasARealSerializer() {
        for (Class<?> c :
                List.of(
                        ArbiterEntry.class,
                        PoolState.class,
                        GrantRecord.class,
                        PoolUsage.class,
                        AllocationRequest.class)) {
            assertThat(TypeInformation.of(c))
                    .as(c.getSimpleName())
                    .isInstanceOf(PojoTypeInfo.class);
        }
    }

    /**
     * A job started afresh (no state) later in processing time issues versions above the earlier
     * run's, so a still-running actuator does not take its commands for stale ones; within a run
     * they stay contiguous.
     */
    @Test
    void aFreshStartVersionsAboveTheEarlierRun() throws Exception {
        long[] firstRun = versionsOfARun(1_000L);
        long[] freshStart = versionsOfARun(61_000L);
        assertThat(firstRun).containsExactly(1_000_001L, 1_000_002L, 1_000_003L);
        assertThat(freshStart).containsExactly(61_000_001L, 61_000_002L, 61_000_003L);
        assertThat(CommandVersions.first(0)).isEqualTo(1);
        assertThat(CommandVersions.first(Long.MIN_VALUE)).isEqualTo(1);
    }

    private static long[] versionsOfARun(long processingMillis) throws Exception {
        var h = ArbiterHarness.open(ArbiterSettings.unlimited(ArbiterHarness.STEP));
        h.setProcessingTime(processingMillis);
        for (long s = 0; s < 3; s++) {
            h.processElement(at(decision("vm-1", 0, 10 * (s + 1), s)));
            closeWindow(h, s);
        }
        long[] versions =
                ArbiterHarness.sent(h).stream().mapToLong(ScaleCommand::version).toArray();
        h.close();
        return versions;
    }

    /**
     * Unlimited: the commands are exactly the requests that changed, in order, versioned 1..n; also
     * when the watermark passes several steps at once (here every 4th step), so that requests of
     * later steps arrive before the round of an earlier one.
     */
    @Test
    void anUnlimitedPoolPassesRequestsThroughUnchanged() throws Exception {
        var h = ArbiterHarness.open(ArbiterSettings.unlimited(ArbiterHarness.STEP));
        SplittableRandom random = new SplittableRandom(9);
        List<AllocationRequest> sent = new ArrayList<>();
        Map<String, Double> last = new HashMap<>();
        for (long s = 0; s < 60; s++) {
            for (int e = 0; e < 4; e++) {
                double amount = 10 * random.nextInt(5);
                String entity = "vm-" + e;
                if (last.containsKey(entity) && last.get(entity) == amount) {
                    continue;
                }
                last.put(entity, amount);
                AllocationRequest r = decision(entity, e % 2, amount, s);
                sent.add(r);
                h.processElement(at(r));
            }
            if (s % 4 == 3) {
                closeWindow(h, s);
            }
        }
        List<ScaleCommand> out = ArbiterHarness.sent(h);
        assertThat(out)
                .extracting(
                        ScaleCommand::entity, ScaleCommand::targetAmount, ScaleCommand::neededBy)
                .containsExactlyInAnyOrderElementsOf(
                        sent.stream()
                                .map(r -> tuple(r.entity(), r.amount(), r.neededBy()))
                                .toList());
        for (int e = 0; e < 4; e++) {
            String entity = "vm-" + e;
            assertThat(out.stream().filter(c -> c.entity().equals(entity)))
                    .extracting(ScaleCommand::version)
                    .containsExactlyElementsOf(
                            java.util.stream.LongStream.rangeClosed(
                                            1,
                                            sent.stream()
                                                    .filter(r -> r.entity().equals(entity))
                                                    .count())
                                    .boxed()
                                    .toList());
        }
        assertThat(h.getSideOutput(ArbiterFunction.GRANTS))
                .extracting(r -> r.getValue().reason())
                .containsOnly(GrantReason.GRANTED);
        assertThat(h.getSideOutput(ArbiterFunction.POOL))
                .extracting(r -> r.getValue().capacity())
                .containsOnlyNulls();
        h.close();
    }

    /**
     * C = 100: tier 0 asks 70, tier 1 asks 40 + 20 and gets ρ = 30/60 of each; when tier 0 falls to
     * 30, tier 1 is restored from the same step on.
     */
    @Test
    void higherTiersFirstThenProportionalAndRestoredWhenCapacityFrees() throws Exception {
        var h = ArbiterHarness.open(capacity(100));
        h.processElement(at(decision("a", 0, 70, 0)));
        h.processElement(at(decision("b", 1, 40, 0)));
        h.processElement(at(decision("c", 1, 20, 0)));
        closeWindow(h, 0);
        assertThat(ArbiterHarness.sent(h))
                .extracting(ScaleCommand::entity, ScaleCommand::targetAmount, ScaleCommand::version)
                .containsExactly(tuple("a", 70.0, 1L), tuple("b", 20.0, 1L), tuple("c", 10.0, 1L));
        assertThat(ArbiterHarness.sent(h).get(1).reason())
                .startsWith("CUT_PROPORTIONAL granted=20/40 tier=1 share=0.5; policy:");

        h.processElement(at(decision("a", 0, 30, 1)));
        closeWindow(h, 1);
        List<ScaleCommand> second = ArbiterHarness.sent(h).subList(3, 6);
        assertThat(second)
                .extracting(
                        ScaleCommand::entity,
                        ScaleCommand::targetAmount,
                        ScaleCommand::version,
                        ScaleCommand::action)
                .containsExactlyInAnyOrder(
                        tuple("a", 30.0, 2L, ScaleAction.SCALE_DOWN),
                        tuple("b", 40.0, 2L, ScaleAction.SCALE_UP),
                        tuple("c", 20.0, 2L, ScaleAction.SCALE_UP));
        assertThat(second).extracting(ScaleCommand::neededBy).containsOnly(step(3));
        List<PoolUsage> usage = values(h.getSideOutput(ArbiterFunction.POOL));
        assertThat(usage.subList(0, 3))
                .extracting(
                        PoolUsage::tier,
                        PoolUsage::requested,
                        PoolUsage::granted,
                        PoolUsage::denied)
                .containsExactly(
                        tuple("0", 70.0, 70.0, 0.0),
                        tuple("1", 60.0, 30.0, 30.0),
                        tuple("all", 130.0, 100.0, 30.0));
        assertThat(usage.get(2).capacity()).isEqualTo(100);
        assertThat(usage.get(2).time()).isEqualTo(step(1));
        h.close();
    }

    /**
     * A silent step's request (the gap rule's hold or release of an entity sending no data) may
     * lower the entity's grant, not raise it: when the pool empties, a cut entity stays at its cut
     * and one never granted at 0, however much their releases still ask (a tester's rose, one from
     * 0, as capacity freed up after their last sample); a silent request below the grant lowers it.
     */
    @Test
    void aSilentEntityIsNotRaisedWhenCapacityFrees() throws Exception {
        var h = ArbiterHarness.open(capacity(100));
        h.processElement(at(decision("a", 0, 100, 0)));
        h.processElement(at(decision("b", 1, 40, 0)));
        closeWindow(h, 0);
        h.processElement(at(decision("a", 0, 50, 1)));
        h.processElement(at(decision("b", 1, 40, 1)));
        h.processElement(at(decision("c", 2, 40, 1)));
        h.processElement(at(decision("d", 3, 20, 1)));
        closeWindow(h, 1);
        assertThat(ArbiterHarness.sent(h))
                .extracting(ScaleCommand::entity, ScaleCommand::targetAmount)
                .containsExactly(
                        tuple("a", 100.0), tuple("a", 50.0), tuple("b", 40.0), tuple("c", 10.0));

        h.processElement(at(decision("a", 0, 0, 2)));
        h.processElement(at(silent("b", 1, 12, 2)));
        h.processElement(at(silent("c", 2, 28, 2)));
        h.processElement(at(silent("d", 3, 20, 2)));
        closeWindow(h, 2);
        assertThat(ArbiterHarness.sent(h).subList(4, ArbiterHarness.sent(h).size()))
                .extracting(ScaleCommand::entity, ScaleCommand::targetAmount)
                .containsExactlyInAnyOrder(tuple("a", 0.0), tuple("b", 12.0), tuple("c", 10.0));
        // what c is commanded and recorded for is the request held at its grant, and says so
        List<ScaleCommand> toC =
                ArbiterHarness.sent(h).stream().filter(k -> k.entity().equals("c")).toList();
        assertThat(toC.get(toC.size() - 1).reason())
                .startsWith("GRANTED granted=10/10 tier=2 share=1; lease renewed; policy:")
                .endsWith("; held at the grant in force, 10 (released to 28)");
        assertThat(values(h.getSideOutput(ArbiterFunction.GRANTS)))
                .filteredOn(g -> g.entity().equals("c") || g.entity().equals("d"))
                .extracting(GrantRecord::entity, GrantRecord::requested, GrantRecord::granted)
                .endsWith(tuple("c", 10.0, 10.0), tuple("d", 0.0, 0.0));
        h.close();
    }

    /**
     * A silent step's request, stamped at the end of its step (its timer's time), is arbitrated in
     * the round of the windows of that step, stamped a millisecond earlier: in a round of its own
     * after theirs, the first round cut a neighbour that the second restored, two commands for one
     * step.
     */
    @Test
    void aSilentStepIsArbitratedInTheRoundOfItsStepsWindows() throws Exception {
        var h = ArbiterHarness.open(capacity(100));
        h.processElement(at(decision("a", 0, 80, 0)));
        h.processElement(at(decision("b", 1, 50, 0)));
        closeWindow(h, 0);
        h.processElement(at(decision("b", 1, 50, 1)));
        h.processElement(new StreamRecord<>(silent("a", 0, 24, 1), step(2).toEpochMilli()));
        h.processWatermark(step(3).toEpochMilli());
        assertThat(ArbiterHarness.sent(h))
                .extracting(ScaleCommand::entity, ScaleCommand::action, ScaleCommand::targetAmount)
                .containsExactly(
                        tuple("a", ScaleAction.SCALE_UP, 80.0),
                        tuple("b", ScaleAction.SCALE_UP, 20.0),
                        tuple("a", ScaleAction.SCALE_DOWN, 24.0),
                        tuple("b", ScaleAction.SCALE_UP, 50.0));
        h.close();
    }

    /**
     * Nothing is commanded for a grant of 0 before an entity's first grant above it (a first
     * command of 0 scaled a workload that was already running to nothing for a window).
     */
    @Test
    void anEntitysFirstCommandIsItsFirstGrantAboveZero() throws Exception {
        var h = ArbiterHarness.open(capacity(100));
        h.processElement(at(decision("idle", 0, 0, 0)));
        closeWindow(h, 0);
        assertThat(ArbiterHarness.sent(h)).isEmpty();
        h.processElement(at(decision("idle", 0, 10, 1)));
        closeWindow(h, 1);
        assertThat(ArbiterHarness.sent(h))
                .extracting(
                        ScaleCommand::action,
                        ScaleCommand::targetAmount,
                        ScaleCommand::previousAmount,
                        ScaleCommand::version)
                .containsExactly(tuple(ScaleAction.SCALE_UP, 10.0, 0.0, 1L));
        h.close();
    }

    /**
     * An entity the pool denies before ever commanding it gets a command from 0 to 0 with the
     * denial's reason, for the ledger (which sends it only to an entity holding another pool's
     * grant, one that moved here): it changes nothing in the pool, so the entity's first grant
     * above 0 later has the version it had without it.
     */
    @Test
    void anEntityDeniedBeforeItsFirstCommandGetsAZeroForTheLedger() throws Exception {
        var h = ArbiterHarness.open(capacity(100));
        h.processElement(at(decision("a", 0, 100, 0)));
        h.processElement(at(decision("b", 1, 30, 0)));
        closeWindow(h, 0);
        assertThat(h.extractOutputValues())
                .filteredOn(c -> c.entity().equals("b"))
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.targetAmount()).isZero();
                            assertThat(c.previousAmount()).isZero();
                            assertThat(c.reason()).startsWith("DENIED granted=0/30 tier=1");
                        });
        h.processElement(at(decision("a", 0, 70, 1)));
        h.processElement(at(decision("b", 1, 30, 1)));
        closeWindow(h, 1);
        assertThat(ArbiterHarness.sent(h))
                .filteredOn(c -> c.entity().equals("b"))
                .extracting(ScaleCommand::targetAmount, ScaleCommand::version)
                .containsExactly(tuple(30.0, 1L));
        h.close();
    }

    /**
     * Level-triggered: a request renewed half a lease later (the harness's lease is a day) whose
     * grant holds is a RENEW of that grant, the same target with the next version and the renewed
     * request's lease, so that the actuator brings a backend that lost it back to it and extends
     * its lease; a cut grant is renewed as it is, with its reason (cut's 120 is first cut to the
     * pool's 100, of which its tier gets ρ = 0.6, its share). A renewed grant of 0 commands
     * nothing.
     */
    @Test
    void aRenewedRequestWhoseGrantHoldsIsCommandedAgainAsARenew() throws Exception {
        var h = ArbiterHarness.open(capacity(100));
        long half = Duration.ofHours(12).dividedBy(ArbiterHarness.STEP);
        for (long s : new long[] {0, half}) {
            h.processElement(at(decision("steady", 0, 40, s)));
            h.processElement(at(decision("cut", 1, 120, s)));
            h.processElement(at(decision("idle", 0, 0, s)));
            closeWindow(h, s);
        }
        List<ScaleCommand> out = ArbiterHarness.sent(h);
        assertThat(out)
                .extracting(
                        ScaleCommand::entity,
                        ScaleCommand::action,
                        ScaleCommand::targetAmount,
                        ScaleCommand::previousAmount,
                        ScaleCommand::version)
                .containsExactly(
                        tuple("steady", ScaleAction.SCALE_UP, 40.0, 0.0, 1L),
                        tuple("cut", ScaleAction.SCALE_UP, 60.0, 0.0, 1L),
                        tuple("cut", ScaleAction.RENEW, 60.0, 60.0, 2L),
                        tuple("steady", ScaleAction.RENEW, 40.0, 40.0, 2L));
        AllocationRequest renewal = decision("steady", 0, 40, half);
        ScaleCommand renew = out.get(3);
        assertThat(renew.leaseExpiry())
                .isEqualTo(renewal.leaseExpiry())
                .isAfter(out.get(0).leaseExpiry());
        assertThat(renew.neededBy()).isEqualTo(renewal.neededBy());
        assertThat(renew.issuedAt()).isEqualTo(renewal.issuedAt());
        assertThat(renew.reason())
                .startsWith("GRANTED granted=40/40 tier=0 share=1; lease renewed; policy: ");
        assertThat(out.get(2).reason())
                .startsWith("CUT_PROPORTIONAL granted=60/120 tier=1 share=0.6; lease renewed;");
        h.close();
    }

    /**
     * A new tier-0 entity's cold start is needed at step 1, while steps 1 and 2 are already fully
     * committed: the interim gets what is free (nothing); its regular request for step 3 is served
     * first, and the tier-1 entities are cut from step 3 on.
     */
    @Test
    void aColdStartNeededEarlierOnlyTakesFreeCapacity() throws Exception {
        var h = ArbiterHarness.open(capacity(100));
        h.processElement(at(decision("a", 1, 60, 0)));
        h.processElement(at(decision("b", 1, 40, 0)));
        closeWindow(h, 0);
        h.processElement(at(request("n", 0, 30, 0, 1, 1)));
        h.processElement(at(decision("n", 0, 50, 1)));
        closeWindow(h, 1);
        // the cold start got nothing (the pool is committed): no command of 0, its first is 50
        List<ScaleCommand> out = ArbiterHarness.sent(h).subList(2, 5);
        assertThat(out)
                .extracting(
                        ScaleCommand::entity,
                        ScaleCommand::version,
                        ScaleCommand::targetAmount,
                        ScaleCommand::neededBy)
                .containsExactlyInAnyOrder(
                        tuple("n", 1L, 50.0, step(3)),
                        tuple("a", 2L, 30.0, step(3)),
                        tuple("b", 2L, 20.0, step(3)));
        assertThat(values(h.getSideOutput(ArbiterFunction.GRANTS)))
                .filteredOn(g -> g.entity().equals("n"))
                .extracting(GrantRecord::reason)
                .containsExactly(GrantReason.LIMITED_BY_COMMITTED, GrantReason.GRANTED);
        h.close();
    }

    /**
     * A lapsed lease leaves the pool with a release of its grant; the entity it squeezed gets its
     * share.
     */
    @Test
    void aLapsedLeaseReturnsItsCapacityToThePool() throws Exception {
        var h = ArbiterHarness.open(capacity(100));
        AllocationRequest a = decision("a", 0, 80, 0);
        AllocationRequest shortLease =
                new AllocationRequest(
                        a.entity(),
                        a.pool(),
                        a.resource(),
                        a.unit(),
                        0,
                        80,
                        0,
                        0,
                        a.reason(),
                        a.quantileLevel(),
                        a.horizonSteps(),
                        a.confidence(),
                        a.issuedAt(),
                        a.neededBy(),
                        step(4).plus(Duration.ofMinutes(1)));
        h.processElement(at(shortLease));
        h.processElement(at(decision("b", 1, 50, 0)));
        closeWindow(h, 0);
        // the round at step 0 fired; the two leases and their clean-ups (7 days later) wait
        assertThat(h.numEventTimeTimers()).isEqualTo(4);
        h.processWatermark(step(5).toEpochMilli());
        List<ScaleCommand> out = ArbiterHarness.sent(h);
        // "a" was never renewed: its grant is released (the backend may not act on leases)
        assertThat(out)
                .extracting(
                        ScaleCommand::entity,
                        ScaleCommand::action,
                        ScaleCommand::targetAmount,
                        ScaleCommand::neededBy)
                .containsExactly(
                        tuple("a", ScaleAction.SCALE_UP, 80.0, step(2)),
                        tuple("b", ScaleAction.SCALE_UP, 20.0, step(2)),
                        tuple("a", ScaleAction.RELEASE, 0.0, step(4).plus(Duration.ofMinutes(1))),
                        tuple("b", ScaleAction.SCALE_UP, 50.0, step(5)));
        assertThat(out.get(2).version()).isEqualTo(out.get(0).version() + 1);
        assertThat(values(h.getSideOutput(ArbiterFunction.GRANTS)))
                .extracting(GrantRecord::entity, GrantRecord::reason)
                .contains(tuple("a", GrantReason.LEASE_EXPIRED));

        // 7 days after the lapse "a" is forgotten: it starts again at version 1
        long week = step(4).plus(Duration.ofDays(7)).plus(Duration.ofMinutes(1)).toEpochMilli();
        h.processWatermark(week);
        long s = (week - step(0).toEpochMilli()) / ArbiterHarness.STEP.toMillis();
        h.processElement(at(decision("a", 0, 10, s)));
        closeWindow(h, s);
        ScaleCommand again = ArbiterHarness.sent(h).get(ArbiterHarness.sent(h).size() - 1);
        assertThat(again.entity()).isEqualTo("a");
        assertThat(again.version()).isEqualTo(1);
        h.close();
    }

    /**
     * Event time jumps over a silent spell of "a": the window that ends it reaches the job before
     * the watermark does, so the job's step timers over the spell never fire and its next request
     * (decided at window 6) is stamped after the lease of the last one (step 4) expired. That
     * request waits for its round as the watermark passes the expiry: the job still decides for
     * "a", so its grant holds until the new one takes effect, without a lapse. It was released to 0
     * ({@code LEASE_EXPIRED}) at step 4 and raised again one round later.
     */
    @Test
    void aLeaseDoesNotLapseWhileALaterRequestWaitsForItsRound() throws Exception {
        var h = silentSpellThen(decision("a", 0, 42, 6));
        assertThat(ArbiterHarness.sent(h))
                .extracting(
                        ScaleCommand::action, ScaleCommand::targetAmount, ScaleCommand::neededBy)
                .containsExactly(
                        tuple(ScaleAction.SCALE_UP, 40.0, step(2)),
                        tuple(ScaleAction.SCALE_UP, 42.0, step(8)));
        assertThat(values(h.getSideOutput(ArbiterFunction.GRANTS)))
                .extracting(GrantRecord::reason)
                .doesNotContain(GrantReason.LEASE_EXPIRED);

        // with nothing queued, a lease that is not renewed still lapses
        h.processWatermark(step(8).plus(ArbiterHarness.LEASE).toEpochMilli());
        ScaleCommand last = ArbiterHarness.sent(h).get(ArbiterHarness.sent(h).size() - 1);
        assertThat(last.action()).isEqualTo(ScaleAction.RELEASE);
        assertThat(last.targetAmount()).isZero();
        h.close();
    }

    /**
     * As above, but the request that waits ends the session of "a" (the inactivity timeout passed
     * during the spell): the job stopped deciding for it, so its lease lapses at step 4 as it would
     * have without the waiting request, released to 0 ({@code LEASE_EXPIRED}) before the session's
     * end comes in at its round.
     */
    @Test
    void aLeaseLapsesWhenTheRequestThatWaitsEndsTheSession() throws Exception {
        AllocationRequest end = request("a", 0, 0, 0, 6, 6);
        var h = silentSpellThen(ArbiterHarness.with(end, end.pool(), "SESSION_END", step(7)));
        assertThat(ArbiterHarness.sent(h))
                .extracting(
                        ScaleCommand::action, ScaleCommand::targetAmount, ScaleCommand::neededBy)
                .containsExactly(
                        tuple(ScaleAction.SCALE_UP, 40.0, step(2)),
                        tuple(ScaleAction.RELEASE, 0.0, step(4)));
        assertThat(values(h.getSideOutput(ArbiterFunction.GRANTS)))
                .extracting(GrantRecord::reason)
                .contains(GrantReason.LEASE_EXPIRED);
        h.close();
    }

    /**
     * "a" granted 40 from step 2 on a lease to step 4, silent, then {@code next} decided at window
     * 6: the window that ends the spell reaches the arbiter before the watermark, which then passes
     * the lease's expiry and step 6 at once.
     */
    private static KeyedOneInputStreamOperatorTestHarness<String, AllocationRequest, ScaleCommand>
            silentSpellThen(AllocationRequest next) throws Exception {
        var h = ArbiterHarness.open(capacity(100));
        AllocationRequest first = decision("a", 0, 40, 0);
        h.processElement(at(ArbiterHarness.with(first, first.pool(), first.reason(), step(4))));
        closeWindow(h, 0);
        h.processElement(at(next));
        closeWindow(h, 6);
        return h;
    }

    /**
     * "a" (tier 0, 80) moves to another pool at step 1: its leave gives its 80 back from step 3,
     * when the new pool's grant takes effect, with no command (the new pool commands it now) and a
     * MOVED grant record; "b" (tier 1), cut to 20 while "a" held its 80, gets its 50 from step 3.
     * "a" is forgotten here: when it comes back later its versions start afresh from the time, with
     * nothing commanded before.
     */
    @Test
    void aLeaveGivesTheGrantBackWithoutACommandAndForgetsTheEntity() throws Exception {
        var h = ArbiterHarness.open(capacity(100));
        h.processElement(at(decision("a", 0, 80, 0)));
        h.processElement(at(decision("b", 1, 50, 0)));
        closeWindow(h, 0);
        AllocationRequest d = decision("a", 0, 80, 1);
        AllocationRequest leave =
                new AllocationRequest(
                        "a",
                        "default",
                        "cpu",
                        "pct",
                        0,
                        0,
                        0,
                        0,
                        AllocationRequest.MOVED + "batch",
                        0,
                        0,
                        0,
                        d.issuedAt(),
                        d.neededBy(),
                        d.neededBy());
        assertThat(leave.leaves()).isTrue();
        assertThat(d.leaves()).isFalse();
        h.processElement(at(d));
        h.processElement(at(leave));
        h.processElement(at(decision("b", 1, 50, 1)));
        closeWindow(h, 1);

        assertThat(ArbiterHarness.sent(h))
                .extracting(
                        ScaleCommand::entity,
                        ScaleCommand::action,
                        ScaleCommand::targetAmount,
                        ScaleCommand::neededBy)
                .containsExactly(
                        tuple("a", ScaleAction.SCALE_UP, 80.0, step(2)),
                        tuple("b", ScaleAction.SCALE_UP, 20.0, step(2)),
                        tuple("b", ScaleAction.SCALE_UP, 50.0, step(3)));
        assertThat(values(h.getSideOutput(ArbiterFunction.GRANTS)))
                .filteredOn(g -> g.entity().equals("a") && g.reason() == GrantReason.MOVED)
                .singleElement()
                .satisfies(
                        g -> {
                            assertThat(g.granted()).isZero();
                            assertThat(g.neededBy()).isEqualTo(step(3));
                        });

        h.setProcessingTime(3_000);
        h.processElement(at(decision("a", 0, 30, 4)));
        closeWindow(h, 4);
        List<ScaleCommand> out = ArbiterHarness.sent(h);
        ScaleCommand back = out.get(out.size() - 1);
        assertThat(back.entity()).isEqualTo("a");
        assertThat(back.version()).isEqualTo(CommandVersions.first(3_000));
        assertThat(back.previousAmount()).as("nothing commanded in this pool").isZero();
        h.close();
    }

    /** A rise into the speculative part is a pre-warm; reclaiming it is a release. */
    @Test
    void preWarmAndItsReclaimAreNamedAsSuch() throws Exception {
        var h = ArbiterHarness.open(capacity(100));
        h.processElement(at(request("a", 1, 60, 20, 0, 2)));
        closeWindow(h, 0);
        h.processElement(at(decision("b", 0, 50, 1)));
        closeWindow(h, 1);
        assertThat(ArbiterHarness.sent(h))
                .extracting(ScaleCommand::entity, ScaleCommand::targetAmount, ScaleCommand::action)
                .containsExactly(
                        tuple("a", 60.0, ScaleAction.PREWARM),
                        tuple("a", 50.0, ScaleAction.RELEASE),
                        tuple("b", 50.0, ScaleAction.SCALE_UP));
        h.close();
    }

    /**
     * A tier left empty (its one entity moved to another tier) gets a last row of 0: its rows had
     * just stopped, and a dashboard's fill(previous) drew its last values on.
     */
    @Test
    void aTierLeftEmptyGetsALastRowOfZero() throws Exception {
        var h = ArbiterHarness.open(capacity(200));
        h.processElement(at(decision("a", 0, 40, 0)));
        h.processElement(at(decision("b", 1, 30, 0)));
        closeWindow(h, 0);
        h.processElement(at(decision("b", 0, 30, 1)));
        closeWindow(h, 1);
        h.processElement(at(decision("b", 0, 35, 2)));
        closeWindow(h, 2);
        assertThat(values(h.getSideOutput(ArbiterFunction.POOL)))
                .extracting(PoolUsage::tier, PoolUsage::requested, PoolUsage::granted)
                .containsExactly(
                        tuple("0", 40.0, 40.0),
                        tuple("1", 30.0, 30.0),
                        tuple(PoolUsage.ALL_TIERS, 70.0, 70.0),
                        tuple("0", 70.0, 70.0),
                        tuple("1", 0.0, 0.0),
                        tuple(PoolUsage.ALL_TIERS, 70.0, 70.0),
                        tuple("0", 75.0, 75.0),
                        tuple(PoolUsage.ALL_TIERS, 75.0, 75.0));
        h.close();
    }

    /**
     * The shadow pool follows the aggregate predicted increase at once (40 − 0 + 30 − 0 = 70, after
     * a first step where both ask 0 and nothing is granted), then, the rises withdrawn before they
     * take effect, decays by λ = 0.5 per step while nothing more is predicted.
     */
    @Test
    void shadowPoolFollowsPredictedIncreasesAndDecays() throws Exception {
        var h = ArbiterHarness.open(capacity(200));
        withdrawnRiseScenario(h, 6);
        assertThat(shadowSizes(h)).containsExactly(0.0, 70.0, 35.0, 17.5, 8.75, 4.375);
        h.close();
    }

    /**
     * The rises the shadow was kept for displace it when they take effect, whether their demand
     * comes or not (the entities' grants hold that capacity then; the shadow held it a second time
     * until its decay, the hundred-and-sixth tester): 70 ahead of a's 40 and b's 30, then 0 as they
     * take effect at step 3; 5 ahead of b's rise by 5, which the headroom caps when a asks 160.
     */
    @Test
    void theRisesTheShadowWasKeptForDisplaceItWhenTheyTakeEffect() throws Exception {
        var h = ArbiterHarness.open(capacity(200));
        shadowScenario(h);
        assertThat(shadowSizes(h)).containsExactly(0.0, 70.0, 0.0, 5.0, 5.0);
        h.close();
    }

    /**
     * Actuated, the decaying shadow's sizes (70, 35, 17.5, 8.75) become commands to {@code
     * shadow:default}, rounded down to the quantum of 1: a pre-warm of 70, then releases to 35, 17
     * and 8, each with the lease of the pool's newest request.
     */
    @Test
    void anActuatedShadowPoolIsPreWarmedAndReleasedUnderItsOwnEntity() throws Exception {
        var h = ArbiterHarness.open(ArbiterHarness.settings(200, 1, true));
        withdrawnRiseScenario(h, 5);
        List<ScaleCommand> shadow = shadowCommands(h);
        assertThat(shadow)
                .extracting(ScaleCommand::version, ScaleCommand::action, ScaleCommand::targetAmount)
                .containsExactly(
                        tuple(1L, ScaleAction.PREWARM, 70.0),
                        tuple(2L, ScaleAction.RELEASE, 35.0),
                        tuple(3L, ScaleAction.RELEASE, 17.0),
                        tuple(4L, ScaleAction.RELEASE, 8.0));
        assertThat(shadow.get(3).neededBy()).isEqualTo(step(5));
        assertThat(shadow.get(3).leaseExpiry()).isEqualTo(decision("c", 0, 50, 4).leaseExpiry());
        h.close();
    }

    /**
     * Reconciliation of the shadow pool: a steady actuated shadow (10, see {@link
     * ArbiterHarness#steadyShadowStep}) is commanded again as a RENEW of its size, with the next
     * version and the lease of the pool's newest request, once that lease is half a lease (the
     * harness's lease is a day: 144 steps) past its last command's, and not before: at steps 144
     * and 288, as its entities' requests would be renewed. Not actuated, it sends nothing.
     */
    @Test
    void aSteadyActuatedShadowIsRenewedEveryHalfLease() throws Exception {
        long half = ArbiterHarness.LEASE.dividedBy(2).dividedBy(ArbiterHarness.STEP);
        var h = ArbiterHarness.open(ArbiterHarness.settings(100, 10, true));
        var quiet = ArbiterHarness.open(ArbiterHarness.settings(100, 10, false));
        for (long s = 0; s <= 2 * half; s++) {
            steadyShadowStep(h, s);
            steadyShadowStep(quiet, s);
        }
        List<ScaleCommand> shadow = shadowCommands(h);
        assertThat(shadow)
                .extracting(
                        ScaleCommand::version,
                        ScaleCommand::action,
                        ScaleCommand::targetAmount,
                        ScaleCommand::previousAmount,
                        ScaleCommand::neededBy,
                        ScaleCommand::leaseExpiry)
                .containsExactly(
                        tuple(1L, PREWARM, 10.0, 0.0, step(1), leaseOf(0)),
                        tuple(2L, RENEW, 10.0, 10.0, step(half + 1), leaseOf(half)),
                        tuple(3L, RENEW, 10.0, 10.0, step(2 * half + 1), leaseOf(2 * half)));
        assertThat(shadow.get(1).reason())
                .isEqualTo(
                        "SHADOW_POOL target=10.0 size=10.0 headroom=10.0 predicted_increase=30.0;"
                                + " lease renewed");
        assertThat(values(h.getSideOutput(ArbiterFunction.POOL)))
                .filteredOn(u -> u.tier().equals(PoolUsage.ALL_TIERS))
                .extracting(PoolUsage::shadow)
                .hasSize((int) (2 * half + 1))
                .containsOnly(10.0);
        assertThat(shadowCommands(quiet)).isEmpty();
        assertThat(ArbiterHarness.sent(quiet)).hasSize(ArbiterHarness.sent(h).size() - 3);
        h.close();
        quiet.close();
    }

    private static List<ScaleCommand> shadowCommands(
            KeyedOneInputStreamOperatorTestHarness<String, AllocationRequest, ScaleCommand> h) {
        return ArbiterHarness.sent(h).stream()
                .filter(c -> c.entity().equals("shadow:default"))
                .toList();
    }

    /** The lease of the steady pool's requests decided at the end of window {@code s}. */
    private static Instant leaseOf(long s) {
        return decision("a", 0, 40, s).leaseExpiry();
    }

    /**
     * The withdrawn rise's shadow decays 70, 35, 17.5, 8.75, 4.375, 2.1875, 1.09375, 0.546875,
     * 0.2734375: the last is below 1 % of the grants in force (c's 50), so it is released to 0, and
     * nothing more is commanded. It used to halve for ever, a command at every round down to
     * 1e-300. The pool measurement records the shadow in force, 0 from the release on, actuated or
     * not: it used to record the size decided where the command had released it to 0.
     */
    @Test
    void aDecayingShadowIsReleasedToZeroNotApproachedForEver() throws Exception {
        var h = ArbiterHarness.open(ArbiterHarness.settings(200, 0, true));
        var quiet = ArbiterHarness.open(ArbiterHarness.settings(200, 0, false));
        for (var harness : List.of(h, quiet)) {
            withdrawnRiseScenario(harness, 40);
        }
        assertThat(shadowCommands(h))
                .extracting(ScaleCommand::targetAmount)
                .containsExactly(70.0, 35.0, 17.5, 8.75, 4.375, 2.1875, 1.09375, 0.546875, 0.0);
        List<Double> recorded = shadowSizes(h);
        assertThat(recorded).startsWith(0.0, 70.0, 35.0, 17.5, 8.75, 4.375, 2.1875, 1.09375);
        assertThat(recorded.subList(9, recorded.size())).containsOnly(0.0);
        assertThat(shadowSizes(quiet)).isEqualTo(recorded);
        h.close();
        quiet.close();
    }

    /**
     * When the pool's leases all lapse (its entities stop sending: the job stopped deciding for
     * them), every entity is released to 0 ({@code LEASE_EXPIRED}) and so is the steady shadow of
     * 10, once, in the same round, with the lease of its last command and the reason why; nothing
     * after. It used to keep its last command, 10, for a backend that does not act on leases.
     */
    @Test
    void anActuatedShadowIsReleasedWhenItsPoolsLeasesAllLapse() throws Exception {
        var h = ArbiterHarness.open(ArbiterHarness.settings(100, 10, true));
        for (long s = 0; s <= 2; s++) {
            steadyShadowStep(h, s);
        }
        long lapse = 2 + ArbiterHarness.LEAD + ArbiterHarness.LEASE.dividedBy(ArbiterHarness.STEP);
        for (long s = 3; s <= lapse + 10; s++) {
            closeWindow(h, s);
        }
        List<ScaleCommand> shadow = shadowCommands(h);
        assertThat(shadow)
                .extracting(
                        ScaleCommand::version,
                        ScaleCommand::action,
                        ScaleCommand::targetAmount,
                        ScaleCommand::neededBy,
                        ScaleCommand::leaseExpiry)
                .containsExactly(
                        tuple(1L, PREWARM, 10.0, step(1), leaseOf(0)),
                        tuple(2L, RELEASE, 0.0, step(lapse), leaseOf(0)));
        assertThat(shadow.get(1).reason()).endsWith("; released: no lease active in the pool");
        assertThat(ArbiterHarness.sent(h))
                .filteredOn(c -> c.action() == RELEASE && !c.entity().startsWith("shadow:"))
                .extracting(ScaleCommand::entity, ScaleCommand::neededBy)
                .containsExactly(
                        tuple("a", step(lapse)), tuple("b", step(lapse)), tuple("c", step(lapse)));
        assertThat(shadowSizes(h))
                .as("recorded as commanded")
                .containsExactly(10.0, 10.0, 10.0, 0.0);
        h.close();
    }

    /**
     * An idle pool's shadow is 0 in the pool measurement (and in state), as commanded: a asks 0,
     * then 40 (shadow 40), then 0 (released to 0), then 5, and the shadow is its predicted
     * increase, 5, pre-warmed as such. It used to be recorded as 20 (its decay in a's last
     * headroom) while commanded 0, and as demand returned to go on from that decay: max(5, 20 ·
     * 0.5) = 10 was pre-warmed, twice what was predicted. Not actuated, the pool measurement is the
     * same.
     */
    @Test
    void anIdlePoolsShadowIsRecordedAsZeroAndDemandReturnsToItsPredictedIncrease()
            throws Exception {
        var h = ArbiterHarness.open(ArbiterHarness.settings(100, 0, true));
        var quiet = ArbiterHarness.open(ArbiterHarness.settings(100, 0, false));
        for (var harness : List.of(h, quiet)) {
            double[] asks = {0, 40, 0, 5};
            for (int s = 0; s < asks.length; s++) {
                harness.processElement(at(decision("a", 0, asks[s], s)));
                closeWindow(harness, s);
            }
        }
        assertThat(shadowCommands(h))
                .extracting(ScaleCommand::action, ScaleCommand::targetAmount)
                .containsExactly(tuple(PREWARM, 40.0), tuple(RELEASE, 0.0), tuple(PREWARM, 5.0));
        assertThat(shadowSizes(h)).containsExactly(0.0, 40.0, 0.0, 5.0);
        assertThat(shadowSizes(quiet)).containsExactly(0.0, 40.0, 0.0, 5.0);
        h.close();
        quiet.close();
    }

    /**
     * A pool with no capacity limit keeps no shadow, actuated or not: a rises by 10 at every step,
     * each rise granted in full at its round, and nothing is commanded to {@code shadow:default}
     * and its shadow is recorded as 0. It used to pre-warm each rise on top of the grant (headroom
     * +∞), a command to the shadow entity at nearly every step, decaying from rise to rise.
     */
    @Test
    void anUnlimitedPoolKeepsNoShadow() throws Exception {
        var h =
                ArbiterHarness.open(
                        new ArbiterSettings(
                                Map.of(),
                                Map.of(),
                                ArbiterHarness.STEP,
                                new ShadowSettings(0.5, true, ArbiterHarness.LEASE, 0),
                                Duration.ofDays(7)));
        for (long s = 0; s < 6; s++) {
            h.processElement(at(decision("a", 0, 10 * (s + 1), s)));
            closeWindow(h, s);
        }
        assertThat(ArbiterHarness.sent(h))
                .extracting(ScaleCommand::entity, ScaleCommand::targetAmount)
                .containsExactly(
                        tuple("a", 10.0),
                        tuple("a", 20.0),
                        tuple("a", 30.0),
                        tuple("a", 40.0),
                        tuple("a", 50.0),
                        tuple("a", 60.0));
        assertThat(shadowSizes(h)).containsExactly(0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        h.close();
    }

    /**
     * At a cold start the entities' first grants are not a predicted increase: a and b ask 60 and
     * 44.9 of a pool of 200, both granted, and no shadow is kept (it used to be 104.9, their sum,
     * on top of the 104.9 granted). At the next step a rises by 10 and c comes in asking 20: the
     * shadow is a's rise, 10, not c's first grant. (A newcomer that is cut still counts what it is
     * denied: {@link #aSteadyActuatedShadowIsRenewedEveryHalfLease} pre-warms at its first step.)
     */
    @Test
    void entitiesFirstGrantsAreNotAPredictedIncrease() throws Exception {
        var h = ArbiterHarness.open(ArbiterHarness.settings(200, 0, true));
        h.processElement(at(decision("a", 0, 60, 0)));
        h.processElement(at(decision("b", 0, 44.9, 0)));
        closeWindow(h, 0);
        h.processElement(at(decision("a", 0, 70, 1)));
        h.processElement(at(decision("c", 0, 20, 1)));
        closeWindow(h, 1);
        assertThat(shadowSizes(h)).containsExactly(0.0, 10.0);
        assertThat(shadowCommands(h))
                .extracting(ScaleCommand::action, ScaleCommand::targetAmount)
                .containsExactly(tuple(PREWARM, 10.0));
        h.close();
    }

    /**
     * Nor is the first grant of an entity that was denied from its start, whose workload runs
     * uncommanded all along: tier-0 a fills the pool of 100 and tier-1 b is denied; restored with a
     * capacity of 300 (a tester raised the limit so), b is granted its 30 (its first command) and
     * the shadow stays 0, not b's 30 again on top of its grant (a tester saw the whole headroom
     * pre-warmed so).
     */
    @Test
    void theFirstGrantOfAnEntityDeniedFromItsStartIsNotAPredictedIncrease() throws Exception {
        var h = ArbiterHarness.open(ArbiterHarness.settings(100, 0, true));
        for (long s = 0; s <= 1; s++) {
            h.processElement(at(decision("a", 0, 100, s)));
            h.processElement(at(decision("b", 1, 30, s)));
            closeWindow(h, s);
        }
        assertThat(ArbiterHarness.sent(h)).extracting(ScaleCommand::entity).containsOnly("a");
        OperatorSubtaskState snapshot = h.snapshot(1, 0);
        h.close();

        var raised = ArbiterHarness.create(ArbiterHarness.settings(300, 0, true));
        raised.initializeState(snapshot);
        raised.open();
        raised.processElement(at(decision("a", 0, 100, 2)));
        raised.processElement(at(decision("b", 1, 30, 2)));
        closeWindow(raised, 2);
        assertThat(ArbiterHarness.sent(raised))
                .filteredOn(c -> c.entity().equals("b"))
                .extracting(ScaleCommand::targetAmount)
                .containsExactly(30.0);
        assertThat(shadowSizes(raised)).containsExactly(0.0);
        assertThat(shadowCommands(raised)).isEmpty();
        raised.close();
    }

    /** The shadow of each round, from the pool measurement's {@code all} row. */
    private static List<Double> shadowSizes(
            KeyedOneInputStreamOperatorTestHarness<String, AllocationRequest, ScaleCommand> h) {
        return values(h.getSideOutput(ArbiterFunction.POOL)).stream()
                .filter(u -> u.tier().equals(PoolUsage.ALL_TIERS))
                .map(PoolUsage::shadow)
                .toList();
    }

    /**
     * Nor is a shadow kept for a pool where nothing is granted: a asks 0, 40 (shadow 40), then 0
     * while its lease goes on being renewed; the shadow, 20 by decay in the headroom that a's last
     * 40 leaves, is released to 0 at once, and nothing more. It used to halve at every round (20,
     * 10, 5, …), and to be renewed where the decay was under the tolerance, with nothing granted or
     * predicted.
     */
    @Test
    void anActuatedShadowIsReleasedWhenNothingIsGrantedInItsPool() throws Exception {
        var h = ArbiterHarness.open(ArbiterHarness.settings(100, 0, true));
        h.processElement(at(decision("a", 0, 0, 0)));
        closeWindow(h, 0);
        h.processElement(at(decision("a", 0, 40, 1)));
        closeWindow(h, 1);
        for (long s = 2; s <= 7; s++) {
            h.processElement(at(decision("a", 0, 0, s)));
            closeWindow(h, s);
        }
        List<ScaleCommand> shadow = shadowCommands(h);
        assertThat(shadow)
                .extracting(ScaleCommand::action, ScaleCommand::targetAmount)
                .containsExactly(tuple(PREWARM, 40.0), tuple(RELEASE, 0.0));
        assertThat(shadow.get(1).reason())
                .startsWith("SHADOW_POOL target=0.0 size=0.0 headroom=60.0 ")
                .endsWith("; released: nothing granted in the pool");
        assertThat(shadowSizes(h)).containsExactly(0.0, 40.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        h.close();
    }

    /**
     * a and b ask 0 (nothing granted: no shadow); then a asks 40 and b 30 for step 3 (shadow 70); a
     * falls by 10 for step 4, and the 70 takes effect at step 3 and displaces the shadow (0); two
     * steps later b rises by 5 (shadow 5); then a asks 160, +130, and the headroom left, 200 − 195
     * = 5, caps the shadow.
     */
    private static void shadowScenario(
            KeyedOneInputStreamOperatorTestHarness<String, AllocationRequest, ScaleCommand> h)
            throws Exception {
        h.processElement(at(decision("a", 0, 0, 0)));
        h.processElement(at(decision("b", 0, 0, 0)));
        closeWindow(h, 0);
        h.processElement(at(decision("a", 0, 40, 1)));
        h.processElement(at(decision("b", 0, 30, 1)));
        closeWindow(h, 1);
        h.processElement(at(decision("a", 0, 30, 2)));
        closeWindow(h, 2);
        h.processElement(at(decision("b", 0, 35, 4)));
        closeWindow(h, 4);
        h.processElement(at(decision("a", 0, 160, 5)));
        closeWindow(h, 5);
    }

    /**
     * c holds 50 throughout, decided at every window; a and b ask 0, then 40 and 30 for step 3
     * (shadow 70), and at the next window 0 for that same step: the rises are withdrawn before they
     * take effect, and nothing more rises through window {@code windows} − 1.
     */
    private static void withdrawnRiseScenario(
            KeyedOneInputStreamOperatorTestHarness<String, AllocationRequest, ScaleCommand> h,
            long windows)
            throws Exception {
        for (long s = 0; s < windows; s++) {
            double a = s == 1 ? 40 : 0;
            double b = s == 1 ? 30 : 0;
            long forStep = s == 2 ? 3 : s + ArbiterHarness.LEAD;
            h.processElement(at(ArbiterHarness.request("a", 0, a, 0, s, forStep)));
            h.processElement(at(ArbiterHarness.request("b", 0, b, 0, s, forStep)));
            h.processElement(at(decision("c", 0, 50, s)));
            closeWindow(h, s);
        }
    }

    static <T> List<T> values(java.util.Collection<StreamRecord<T>> records) {
        return records.stream().map(StreamRecord::getValue).toList();
    }
}
