package io.prescale.operators.capacity;

import io.prescale.ml.capacity.Arbitration;
import io.prescale.ml.capacity.CapacityArbiter;
import io.prescale.ml.capacity.CapacityRequest;
import io.prescale.ml.capacity.Change;
import io.prescale.ml.capacity.Commit;
import io.prescale.ml.capacity.CommitPlanner;
import io.prescale.ml.capacity.Grant;
import io.prescale.ml.capacity.GrantReason;
import io.prescale.ml.capacity.ShadowPool;
import io.prescale.ml.capacity.UsageTimeline;
import io.prescale.model.ScaleCommand;
import io.prescale.operators.allocation.AllocationRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * One arbitration round of one pool, without Flink: the {@link ArbiterFunction} loads the pool's
 * entries, runs a round on a timer and stores what comes back. In order:
 *
 * <ol>
 *   <li>requests whose lease lapsed by {@code now} leave the pool (their capacity is returned from
 *       the lapse on) with a {@code RELEASE} command to 0 when something was granted: the entity's
 *       job renews a request while its amount holds, so a lapse means it stopped deciding for the
 *       entity, and a backend that does not act on leases itself must still give the grant back.
 *       Not while a later request of the entity waits for its round and none of those waiting ends
 *       its session: the job still decides for it, and that request takes over at its round. (When
 *       event time jumps over a silent spell, the window that ends it reaches the job before the
 *       watermark does, so the entity's step timers over the spell never fire and its next request
 *       is stamped after the last one's lease expiry; it lapsed, {@code RELEASE 0 LEASE_EXPIRED},
 *       one round before that request raised the entity again. A spell that outlasted the session's
 *       inactivity timeout ends the session first, and the lease lapses as before.)
 *   <li>interim requests (see {@link ArbiterEntry#interim}) get what is free ({@link
 *       CommitPlanner}), no tier priority;
 *   <li>the latest request of every entity is arbitrated ({@link CapacityArbiter}) and the grants
 *       are committed against the usage timeline; an entity whose grant changes gets a versioned
 *       command effective at its request's needed-by time (or, for a change caused by others, at
 *       the latest needed-by time of this round's requests); an entity whose request came in and
 *       whose grant above 0 holds gets a {@code RENEW} of it (level-triggered: a steady entity's
 *       request is renewed every half lease, and so its target is commanded again, which brings a
 *       backend that lost it back to it);
 *   <li>the shadow pool steps, sized from the round's predicted increase (each request above the
 *       grant in force; a newcomer's first request above its first grant), with a command to its
 *       shadow entity when it is actuated and its size changes, or holds and is due for a {@code
 *       RENEW} (every half lease, as its entities' requests are: {@link ShadowCommands}); the
 *       pool's usage is recorded per tier.
 * </ol>
 *
 * A round with nothing fresh and nothing lapsed does nothing at all. With unlimited capacity each
 * request's grant is its amount, so the commands are exactly the requests (those that renew an
 * amount as {@code RENEW}), less those of 0 that change nothing.
 */
final class PoolRound {
    /** What a round produced and the state to keep. */
    record Result(
            List<ScaleCommand> commands,
            List<GrantRecord> grants,
            List<PoolUsage> usage,
            SortedMap<String, ArbiterEntry> entries,
            PoolState pool) {}

    private final ArbiterSettings settings;
    private final String pool;
    private final String resource;
    private final double capacity;
    private final Instant now;
    private final Instant stepTime;
    private final long firstVersion;
    private final SortedMap<String, ArbiterEntry> entries;
    private final Waiting waiting;
    private final CommandFactory commandFactory;
    private final List<GrantRecord> grants = new ArrayList<>();

    /**
     * The entities never commanded in the pool that ask this round: what each asked before, +∞ for
     * a newcomer (nothing asked), so that the shadow counts their rise from it ({@link #increase}).
     */
    private final Map<String, Double> uncommanded = new HashMap<>();

    /** The tiers in force before the round: one left empty gets a last pool row of 0. */
    private final Set<Integer> tiersBefore = new TreeSet<>();

    private UsageTimeline timeline;
    private double predictedIncrease;

    private PoolRound(
            ArbiterSettings settings,
            String poolKey,
            Instant now,
            SortedMap<String, ArbiterEntry> entries,
            Waiting waiting,
            UsageTimeline timeline,
            long firstVersion) {
        this.settings = settings;
        this.waiting = waiting;
        this.firstVersion = firstVersion;
        this.resource = ArbiterSettings.resourceOf(poolKey);
        this.pool = poolKey.substring(0, poolKey.length() - resource.length() - 1);
        this.capacity = settings.capacity(poolKey);
        this.now = now;
        long step = settings.step().toMillis();
        this.stepTime =
                Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli() + step - 1, step) * step);
        this.entries = entries;
        this.commandFactory = new CommandFactory(stepTime);
        this.timeline = timeline;
        long round = now.toEpochMilli();
        entries.replaceAll(
                (entity, e) -> {
                    if (e.request() != null) {
                        tiersBefore.add(e.request().tier());
                    }
                    ArbiterEntry taken = e.due(round).held();
                    if (e.since() == null && e.request() != null) {
                        uncommanded.put(entity, e.request().amount());
                    } else if (e.newcomer() && taken.request() != null) {
                        uncommanded.put(entity, Double.POSITIVE_INFINITY);
                    }
                    return taken;
                });
    }

    /**
     * Runs a round of the pool {@code poolKey} ({@code pool/resource}) at event time {@code now}:
     * {@code entries}, as stored, first take in their queued requests due by {@code now} ({@link
     * ArbiterEntry#due}); it is updated in place and returned in the result. {@code waiting} tells
     * of the requests that wait for later rounds outside the entries. A key's first command gets
     * {@code firstVersion} ({@link CommandVersions#first}).
     */
    static Result run(
            ArbiterSettings settings,
            String poolKey,
            Instant now,
            SortedMap<String, ArbiterEntry> entries,
            Waiting waiting,
            PoolState state,
            long firstVersion)
            throws Exception {
        PoolRound round =
                new PoolRound(
                        settings, poolKey, now, entries, waiting, state.timeline(), firstVersion);
        boolean lapsed = round.leaveOrExpire();
        if (!lapsed && entries.values().stream().noneMatch(ArbiterEntry::fresh)) {
            return new Result(List.of(), List.of(), List.of(), entries, state);
        }
        round.commitInterims();
        round.arbitrate(settings.quantum(poolKey));
        PoolAccounting accounting =
                new PoolAccounting(settings, round.pool, round.resource, round.capacity);
        double headroom = Math.max(0, round.capacity - round.timeline.maxFrom(round.stepTime));
        PoolAccounting.Shadow shadow =
                accounting.shadow(
                        state, round.predictedIncrease, headroom, round.timeline, round.stepTime);
        ShadowCommands.Step shadowStep =
                accounting.shadowStep(round.entries, state.shadow(), shadow, firstVersion);
        List<PoolUsage> usage =
                accounting.usage(
                        round.entries,
                        round.tiersBefore,
                        shadowStep.state().commanded(),
                        round.stepTime);
        round.entries.replaceAll((entity, e) -> e.settled());
        UsageTimeline kept =
                round.timeline.prunedBefore(round.stepTime.minus(settings.step().multipliedBy(2)));
        List<ScaleCommand> commands = new ArrayList<>(round.commandFactory.commands());
        if (shadowStep.command() != null) {
            commands.add(shadowStep.command());
        }
        return new Result(
                commands,
                List.copyOf(round.grants),
                usage,
                round.entries,
                new PoolState(round.stepTime, kept, shadowStep.state()));
    }

    /**
     * One pass over the pool's entries: entities that moved to another pool and sent this one a
     * {@linkplain AllocationRequest#leaves leave} give their grant back from the leave's needed-by
     * time on (when the new pool's grant takes effect), recorded as {@code MOVED}, with no command
     * (the new pool commands the entity now), and are forgotten here, so that if one comes back its
     * versions start afresh above those it had ({@link CommandVersions}); the other requests whose
     * lease expired by now lapse, unless the job still decides for the entity ({@link
     * #stillDecided}). True if any left or lapsed.
     */
    private boolean leaveOrExpire() throws Exception {
        boolean any = false;
        Iterator<Map.Entry<String, ArbiterEntry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, ArbiterEntry> kv = it.next();
            ArbiterEntry e = kv.getValue();
            AllocationRequest r = e.request();
            if (r == null) {
                continue;
            }
            if (r.leaves()) {
                Instant from = e.effectiveFrom(r.neededBy());
                timeline = timeline.plus(from, -e.granted());
                grants.add(record(r, GrantReason.MOVED, 0, from));
                if (e.queued().length == 0 && !waiting.any(kv.getKey())) {
                    it.remove();
                } else {
                    kv.setValue(e.lapsed(from));
                }
                any = true;
            } else if (!r.leaseExpiry().isAfter(now) && !stillDecided(kv.getKey(), e)) {
                Instant from = e.effectiveFrom(r.leaseExpiry());
                timeline = timeline.plus(from, -e.granted());
                grants.add(record(r, GrantReason.LEASE_EXPIRED, 0, from));
                ArbiterEntry next = e.lapsed(from);
                if (e.granted() > 0) {
                    // the backend still runs the grant: release it, as the pool's books do
                    next = next.committed(0, from, firstVersion);
                    commandFactory.add(r, e, next, grant(r, 0, GrantReason.LEASE_EXPIRED, 1));
                }
                kv.setValue(next);
                any = true;
            }
        }
        return any;
    }

    /**
     * Whether the job still decides for {@code entity} (its entry {@code e}) although its lease
     * expired: a later request of it waits for its round, and none of those waiting ends its
     * session.
     */
    private boolean stillDecided(String entity, ArbiterEntry e) throws Exception {
        if (e.queued().length == 0 && !waiting.any(entity)) {
            return false;
        }
        for (AllocationRequest q : e.queued()) {
            if (q.endsSession()) {
                return false;
            }
        }
        return !waiting.endsSession(entity);
    }

    /**
     * What the arbiter knows of an entity's requests that wait for a round after the one running,
     * outside its entry (requests are kept per round until theirs, see {@link ArbiterOperator}).
     */
    interface Waiting {
        /** Whether a request of {@code entity} waits for a later round. */
        boolean any(String entity) throws Exception;

        /** Whether one of those ends the entity's session. */
        boolean endsSession(String entity) throws Exception;
    }

    private void commitInterims() {
        List<Change> changes = new ArrayList<>();
        Map<String, AllocationRequest> interims = new HashMap<>();
        entries.forEach(
                (entity, e) -> {
                    AllocationRequest r = e.interim();
                    if (r != null && e.request() != null) {
                        interims.put(entity, r);
                        changes.add(
                                new Change(
                                        entity,
                                        r.tier(),
                                        e.granted(),
                                        r.amount(),
                                        e.effectiveFrom(r.neededBy())));
                    }
                });
        CommitPlanner.Plan plan = CommitPlanner.plan(capacity, timeline, changes);
        timeline = plan.timeline();
        for (Commit k : plan.commits()) {
            AllocationRequest r = interims.get(k.change().entity());
            GrantReason reason =
                    k.limited() ? GrantReason.LIMITED_BY_COMMITTED : GrantReason.GRANTED;
            apply(k, r, reason, 1);
        }
    }

    private void arbitrate(double quantum) {
        List<CapacityRequest> requests = new ArrayList<>();
        entries.forEach(
                (entity, e) -> {
                    AllocationRequest r = e.request();
                    if (r != null) {
                        requests.add(
                                new CapacityRequest(
                                        entity, r.tier(), r.amount(), r.speculative(), r.floor()));
                    }
                });
        Instant othersFrom = latestFreshNeed();
        Arbitration a = new CapacityArbiter(quantum).arbitrate(capacity, requests);
        List<Change> changes = new ArrayList<>();
        Map<String, Grant> byEntity = new HashMap<>();
        for (Grant g : a.grants()) {
            ArbiterEntry e = entries.get(g.entity());
            byEntity.put(g.entity(), g);
            predictedIncrease += increase(g, e);
            if (!unchanged(g.granted(), e.granted())) {
                Instant from = e.fresh() ? e.request().neededBy() : othersFrom;
                changes.add(
                        new Change(
                                g.entity(),
                                g.tier(),
                                e.granted(),
                                g.granted(),
                                e.effectiveFrom(from)));
            } else if (e.fresh()) {
                grants.add(record(e.request(), g.reason(), e.granted(), e.request().neededBy()));
                renew(g, e);
            }
        }
        CommitPlanner.Plan plan = CommitPlanner.plan(capacity, timeline, changes);
        timeline = plan.timeline();
        for (Commit k : plan.commits()) {
            Grant g = byEntity.get(k.change().entity());
            GrantReason reason = k.limited() ? GrantReason.LIMITED_BY_COMMITTED : g.reason();
            apply(k, entries.get(g.entity()).request(), reason, g.layerShare());
        }
    }

    /**
     * The entity's term of the shadow's predicted increase: its request above its grant in force. A
     * {@linkplain ArbiterEntry#newcomer newcomer}'s first request rises from no grant the pool knew
     * of (its workload already runs: its first command is its first grant above 0), so only what
     * this round does not grant it counts: at a cold start the entities' first grants are not
     * demand still to come, and the shadow used to add their sum again on top of them. An entity
     * never commanded yet that asked before (denied from its start, its workload running
     * uncommanded) rises from what it asked then, as far as this round grants it: when capacity
     * freed up, its first grant was counted again as the shadow's (a tester's raised limit
     * pre-warmed the whole headroom so). One that asked 0 before rises from 0, as any entity.
     */
    private double increase(Grant g, ArbiterEntry e) {
        Double asked = uncommanded.get(g.entity());
        double from = asked != null ? Math.min(asked, g.granted()) : e.granted();
        return ShadowPool.increase(g.requested(), from);
    }

    /**
     * When a change caused by others takes effect: the latest needed-by time of this round's fresh
     * requests (the step the round decides), or the round's step when nothing is fresh.
     */
    private Instant latestFreshNeed() {
        Instant latest = stepTime;
        boolean any = false;
        for (ArbiterEntry e : entries.values()) {
            if (e.fresh() && e.request() != null) {
                Instant n = e.request().neededBy();
                latest = !any || n.isAfter(latest) ? n : latest;
                any = true;
            }
        }
        return latest;
    }

    /**
     * Commits {@code k}: a command when the grant changes. An entity's first command is its first
     * grant above 0: a first command of 0 (an entity without a class profile starts at the default
     * allocation, 0) told a backend to scale a workload that was already running, and sending
     * metrics, to nothing for a window. A grant of 0 to an entity never commanded here is put out
     * for the ledger all the same ({@link #zeroForLedger}).
     */
    private void apply(Commit k, AllocationRequest r, GrantReason reason, double share) {
        String entity = k.change().entity();
        ArbiterEntry e = entries.get(entity);
        Instant from = k.change().effective();
        grants.add(record(r, reason, k.granted(), from));
        if (unchanged(k.granted(), e.granted())) {
            zeroForLedger(r, e, grant(r, 0, reason, share));
            return;
        }
        ArbiterEntry next = e.committed(k.granted(), from, firstVersion);
        entries.put(entity, next);
        commandFactory.add(r, e, next, grant(r, k.granted(), reason, share));
    }

    /**
     * Whether a grant of {@code granted} leaves {@code inForce} as it is, up to the floating-point
     * noise of the arbitration's sums: a tester's catch-up commanded {@code SCALE_UP 6.9 -> 6.9}
     * for a grant that differed from the one in force in its twelfth digit.
     */
    private static boolean unchanged(double granted, double inForce) {
        return Math.abs(granted - inForce) <= 1e-9 * Math.max(1, Math.abs(inForce));
    }

    /**
     * A {@code RENEW} of the unchanged grant {@code g} of an entity whose request came in: its
     * target with the request's lease, needed by the request's needed-by time (not before the grant
     * in force). Nothing for a grant of 0: an entity's first command is its first grant above 0
     * (but see {@link #zeroForLedger}).
     */
    private void renew(Grant g, ArbiterEntry e) {
        if (e.granted() <= 0) {
            zeroForLedger(e.request(), e, g);
            return;
        }
        AllocationRequest r = e.request();
        ArbiterEntry next = e.committed(e.granted(), e.effectiveFrom(r.neededBy()), firstVersion);
        entries.put(g.entity(), next);
        commandFactory.add(r, e, next, g);
    }

    /**
     * For an entity never commanded in this pool ({@code e.since()} null) and granted 0 here: a
     * command from 0 to 0, which changes nothing in the pool's state (the entity stays uncommanded,
     * and its first grant above 0 gets the version it would have had). The ledger sends it only
     * when the entity holds a grant of another pool (it moved here, and this pool denies it): a
     * fall to 0, so that its workload gives up what its old pool, which no longer counts it,
     * granted (the forty-fourth tester's entity kept running on it, counted by neither pool); for
     * any other entity the ledger drops it ({@code CommandSequence#nothingToGiveUp}).
     */
    private void zeroForLedger(AllocationRequest r, ArbiterEntry e, Grant g) {
        if (e.since() == null) {
            commandFactory.add(r, e, e.committed(0, r.neededBy(), firstVersion), g);
        }
    }

    /** The grant of {@code granted} to request {@code r}, for its command. */
    private static Grant grant(
            AllocationRequest r, double granted, GrantReason reason, double share) {
        return new Grant(
                r.entity(),
                r.tier(),
                r.amount(),
                r.speculative(),
                r.floor(),
                granted,
                reason,
                share);
    }

    private GrantRecord record(
            AllocationRequest r, GrantReason reason, double granted, Instant at) {
        return new GrantRecord(
                r.entity(),
                pool,
                resource,
                reason,
                r.amount(),
                granted,
                r.speculative(),
                r.tier(),
                r.quantileLevel(),
                r.confidence(),
                at);
    }
}
