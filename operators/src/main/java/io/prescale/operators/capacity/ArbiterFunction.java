package io.prescale.operators.capacity;

import io.prescale.ml.capacity.GrantReason;
import io.prescale.model.ScaleCommand;
import io.prescale.operators.allocation.AllocationRequest;
import io.prescale.operators.ledger.CommandSequence;
import io.prescale.operators.types.SerializedTypeInfo;
import io.prescale.operators.types.SharedRecordTypeInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capacity arbiter of one pool and resource, keyed by {@link AllocationRequest#poolKey()}. It
 * holds the latest request of each entity of the pool and, on an event-time timer at the timestamp
 * of the requests (once every request of that step has arrived; requests of later steps wait under
 * their round, kept by the {@link ArbiterOperator} this function runs in), runs a {@link
 * PoolRound}: grants by tier and proportionally within the cut tier, reclaiming lower tiers'
 * pre-warm first, committed so that the pool's capacity holds at every step. Emits a versioned
 * {@link ScaleCommand} for every entity whose grant changes, and a {@code RENEW} of the grant for
 * every entity whose renewed request leaves a grant above 0 as it was (see {@link PoolRound}), and,
 * when the shadow pool is actuated, its commands (a {@code RENEW} every half lease while it holds,
 * see {@link ShadowCommands}); {@link GrantRecord}s on {@link #GRANTS} and {@link PoolUsage} on
 * {@link #POOL}.
 *
 * <p>State: a map of entity → {@link ArbiterEntry} (latest request, grant in force, command
 * version, and, in state from before the {@link ArbiterOperator} kept each round's requests, queued
 * requests; written by {@link ArbiterEntrySerializer}), per entity the latest round it sent a
 * request for and the latest of those that end its session (which a round reads only for entities
 * whose lease lapsed, that leave, or that could be forgotten), and the pool's {@link PoolState}
 * (shadow size and its last command, usage timeline). A second timer at each request's lease expiry
 * lets lapsed requests leave the pool (not while a later request of the entity waits for its round,
 * see {@link PoolRound}); a third, {@code stateTtl} later, removes the entries of entities that
 * lapsed and sent nothing since (their command version is forgotten then). An entity that moved to
 * another pool sends a leave ({@link AllocationRequest#leaves}): its grant goes back to the pool
 * without a command, as {@code MOVED}, and its entry is removed. Unlimited pools pass requests
 * through unchanged.
 *
 * <p>Most timers find nothing to do (lease expiries and clean-ups of requests long since
 * superseded), and reading every entry of a large pool to see so was the arbiter's main cost on
 * RocksDB. So the pool also keeps the earliest event time at which a round has something to do with
 * any entry ({@link ArbiterEntry#activeFrom}), recomputed from the entries after every round. A
 * timer before it that finds no requests of its round returns without reading the entries; one at
 * or after it reads them all, as does the first timer after a restore of state from before this was
 * kept (the moment is then unknown).
 */
public final class ArbiterFunction
        extends KeyedProcessFunction<String, AllocationRequest, ScaleCommand> {
    private static final Logger LOG = LoggerFactory.getLogger(ArbiterFunction.class);
    public static final OutputTag<GrantRecord> GRANTS =
            new OutputTag<>("grants", SharedRecordTypeInfo.of(GrantRecord.class));
    public static final OutputTag<PoolUsage> POOL =
            new OutputTag<>("pool-usage", SharedRecordTypeInfo.of(PoolUsage.class));

    private final ArbiterSettings settings;
    private transient MapState<String, ArbiterEntry> entries;
    private transient ValueState<PoolState> pool;
    private transient ValueState<Long> activeFrom;
    private transient MapState<String, Long> waiting;
    private transient MapState<String, Long> ending;
    private transient RoundRequests rounds;
    private transient Counter commands;
    private transient Counter cut;
    private transient Counter denied;
    private transient Counter lapsed;
    private transient Set<String> saidUnlimited;

    ArbiterFunction(ArbiterSettings settings) {
        this.settings = settings;
    }

    /**
     * Where the requests wait for their round; set by {@link ArbiterOperator} before {@code open}.
     */
    void keepRoundsIn(RoundRequests rounds) {
        this.rounds = rounds;
    }

    /** The requests of each round of the current pool, kept until the round runs. */
    interface RoundRequests {
        /** Keeps {@code r} for the round at {@code round}. */
        void add(long round, AllocationRequest r) throws Exception;

        /** The requests kept for the round at {@code round}, in arrival order, forgetting them. */
        List<AllocationRequest> take(long round) throws Exception;
    }

    @Override
    public void open(OpenContext ctx) {
        if (rounds == null) {
            throw new IllegalStateException(
                    "ArbiterFunction runs in an ArbiterOperator, which keeps each round's requests");
        }
        // no Flink TTL: on the heap backend it scans and copies the whole map on every access;
        // lapsed entries are removed explicitly, settings.stateTtl() of event time after the lapse
        entries =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "entries",
                                        Types.STRING,
                                        SerializedTypeInfo.of(
                                                ArbiterEntry.class,
                                                ArbiterEntrySerializer.INSTANCE)));
        pool =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "pool", TypeInformation.of(PoolState.class)));
        // its own state, not a field of PoolState: it changes with nearly every request and
        // round, and an 8-byte value is cheap to write where the pool's timeline is not
        activeFrom =
                getRuntimeContext().getState(new ValueStateDescriptor<>("active-from", Types.LONG));
        waiting =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "waiting-round", Types.STRING, Types.LONG));
        ending =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("ending-round", Types.STRING, Types.LONG));
        var metrics = getRuntimeContext().getMetricGroup();
        commands = metrics.counter("commandsIssued");
        cut = metrics.counter("grantsCut");
        denied = metrics.counter("grantsDenied");
        lapsed = metrics.counter("leasesLapsed");
        saidUnlimited = new HashSet<>();
    }

    @Override
    public void processElement(AllocationRequest r, Context ctx, Collector<ScaleCommand> out)
            throws Exception {
        String poolKey = ctx.getCurrentKey();
        // only a job with limits can have a pool outside them: nothing per request otherwise
        if (!settings.capacities().isEmpty() && saidUnlimited.add(poolKey)) {
            String note = settings.unlimitedNote(poolKey);
            if (note != null) {
                LOG.warn(note);
            }
        }
        Long ts = ctx.timestamp();
        long round = roundOf(ts != null ? ts : r.issuedAt().toEpochMilli() - 1);
        // the request waits under its round, not in its entity's entry, which RocksDB would read
        // and write whole, queue and all, with every request of a backlog; the entity's latest
        // round asked for, and its latest that ends the session, are kept for the rounds before
        rounds.add(round, r);
        Long latest = waiting.get(r.entity());
        if (latest == null || latest < round) {
            waiting.put(r.entity(), round);
        }
        if (r.endsSession()) {
            ending.put(r.entity(), round);
        }
        ctx.timerService().registerEventTimeTimer(round);
        if (!r.leaves()) {
            ctx.timerService().registerEventTimeTimer(r.leaseExpiry().toEpochMilli());
            ctx.timerService()
                    .registerEventTimeTimer(
                            r.leaseExpiry().plus(settings.stateTtl()).toEpochMilli());
        }
    }

    /**
     * The round of a request stamped {@code t}: its step's, the last millisecond of the step that
     * ends at or after {@code t}. A window's request is stamped with its window's last millisecond,
     * a silent step's with the end of its step (its timer's time), one millisecond later: each had
     * a round of its own, and the first, without the silent entity's release, cut others whom the
     * second restored, two commands for one step (the seventy-first and seventy-third testers).
     */
    private long roundOf(long t) {
        long step = settings.step().toMillis();
        return -Math.floorDiv(-t, step) * step - 1;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ScaleCommand> out)
            throws Exception {
        List<AllocationRequest> arrived = rounds.take(timestamp);
        Long from = activeFrom.value();
        if (arrived.isEmpty() && from != null && timestamp < from) {
            return; // most timers: lease expiries and clean-ups of requests since superseded
        }
        Instant now = Instant.ofEpochMilli(timestamp);
        Set<String> asking = new HashSet<>();
        arrived.forEach(r -> asking.add(r.entity()));
        SortedMap<String, ArbiterEntry> stored = new TreeMap<>();
        PoolRound.Waiting later = waitingAfter(timestamp);
        long earliest = load(now, stored, asking, later);
        if (arrived.isEmpty() && timestamp < earliest && !stored.isEmpty()) {
            // nothing to do for any entry, and the moment kept was unknown or set too early
            activeFrom.update(earliest);
            return;
        }
        // the round updates stored in place; before keeps the entries as they were, to write back
        // only those it changed
        Map<String, ArbiterEntry> before = new HashMap<>(stored);
        for (AllocationRequest r : arrived) {
            stored.put(
                    r.entity(),
                    stored.getOrDefault(r.entity(), ArbiterEntry.empty()).queue(r, timestamp));
        }
        if (stored.isEmpty()) {
            // unless requests of later rounds wait, of entities that have no entry yet
            if (waiting.isEmpty()) {
                pool.clear();
                activeFrom.clear();
            }
            return;
        }
        PoolState state = pool.value() == null ? PoolState.empty() : pool.value();
        PoolRound.Result result =
                PoolRound.run(
                        settings,
                        ctx.getCurrentKey(),
                        now,
                        stored,
                        later,
                        state,
                        CommandVersions.first(ctx.timerService().currentProcessingTime()));
        for (ScaleCommand c : result.commands()) {
            out.collect(c);
            if (!CommandSequence.fromZeroToZero(c)) {
                commands.inc(); // the ledger counts those it sends
            }
        }
        for (GrantRecord g : result.grants()) {
            ctx.output(GRANTS, g);
            count(g.reason());
        }
        result.usage().forEach(u -> ctx.output(POOL, u));
        for (Map.Entry<String, ArbiterEntry> kv : result.entries().entrySet()) {
            if (!kv.getValue().equals(before.get(kv.getKey()))) {
                entries.put(kv.getKey(), kv.getValue());
            }
        }
        Set<String> held = new HashSet<>(before.keySet());
        held.addAll(asking);
        for (String entity : held) {
            if (!result.entries().containsKey(entity)) {
                forget(entity); // it moved to another pool, and nothing of it waits
            }
        }
        if (!result.pool().equals(state)) {
            pool.update(result.pool());
        }
        keepActiveFrom(result.entries().values(), from);
    }

    /**
     * What waits outside the entries for a round after the one at {@code round}: an entity's latest
     * round asked for, and its latest one that ends its session, are kept as its requests come in,
     * and a round reads them only for entities whose lease lapsed, that leave, or that could be
     * forgotten.
     */
    private PoolRound.Waiting waitingAfter(long round) {
        return new PoolRound.Waiting() {
            @Override
            public boolean any(String entity) throws Exception {
                Long r = waiting.get(entity);
                return r != null && r > round;
            }

            @Override
            public boolean endsSession(String entity) throws Exception {
                Long r = ending.get(entity);
                return r != null && r > round;
            }
        };
    }

    /**
     * Reads the pool's entries into {@code stored}, less those {@linkplain ArbiterEntry#forgettable
     * forgettable} at {@code now} of entities neither {@code asking} this round nor waiting for a
     * later one ({@code later}), which it removes; returns the earliest moment at which a round has
     * something to do with any of them (at or before {@code now} when one was forgotten).
     */
    private long load(
            Instant now,
            SortedMap<String, ArbiterEntry> stored,
            Set<String> asking,
            PoolRound.Waiting later)
            throws Exception {
        List<String> forgotten = new ArrayList<>();
        long earliest = Long.MAX_VALUE;
        for (Map.Entry<String, ArbiterEntry> kv : entries.entries()) {
            earliest = Math.min(earliest, kv.getValue().activeFrom(settings.stateTtl()));
            if (kv.getValue().forgettable(now, settings.stateTtl())
                    && !asking.contains(kv.getKey())
                    && !later.any(kv.getKey())) {
                forgotten.add(kv.getKey());
            } else {
                stored.put(kv.getKey(), kv.getValue());
            }
        }
        for (String entity : forgotten) {
            forget(entity);
        }
        return earliest;
    }

    private void forget(String entity) throws Exception {
        entries.remove(entity);
        waiting.remove(entity);
        ending.remove(entity);
    }

    /**
     * Keeps the earliest {@linkplain ArbiterEntry#activeFrom moment} at which a round has something
     * to do with any of the pool's entries {@code left} (none: unknown, so the next timer reads the
     * entries, finds none and clears the pool's state), in place of {@code kept}.
     */
    private void keepActiveFrom(Collection<ArbiterEntry> left, Long kept) throws Exception {
        if (left.isEmpty()) {
            activeFrom.clear();
            return;
        }
        long earliest = Long.MAX_VALUE;
        for (ArbiterEntry e : left) {
            earliest = Math.min(earliest, e.activeFrom(settings.stateTtl()));
        }
        if (kept == null || kept != earliest) {
            activeFrom.update(earliest);
        }
    }

    private void count(GrantReason reason) {
        switch (reason) {
            case CUT_PROPORTIONAL, FLOOR_CUT, RECLAIMED_PREWARM, LIMITED_BY_COMMITTED -> cut.inc();
            case DENIED -> denied.inc();
            case LEASE_EXPIRED -> lapsed.inc();
            default -> {}
        }
    }
}
