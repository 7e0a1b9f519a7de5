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
 * of the requests (once every request of that step has arrived; requests of later steps wait in
 * their entity's queue), runs a {@link PoolRound}: grants by tier and proportionally within the cut
 * tier, reclaiming lower tiers' pre-warm first, committed so that the pool's capacity holds at
 * every step. Emits a versioned {@link ScaleCommand} for every entity whose grant changes, and a
 * {@code RENEW} of the grant for every entity whose renewed request leaves a grant above 0 as it
 * was (see {@link PoolRound}), and, when the shadow pool is actuated, its commands (a {@code RENEW}
 * every half lease while it holds, see {@link ShadowCommands}); {@link GrantRecord}s on {@link
 * #GRANTS} and {@link PoolUsage} on {@link #POOL}.
 *
 * <p>State: a map of entity → {@link ArbiterEntry} (latest request, grant in force, command
 * version, queued requests; written by {@link ArbiterEntrySerializer}), and the pool's {@link
 * PoolState} (shadow size and its last command, usage timeline). A second timer at each request's
 * lease expiry lets lapsed requests leave the pool (not while a later request of the entity waits
 * for its round, see {@link PoolRound}); a third, {@code stateTtl} later, removes the entries of
 * entities that lapsed and sent nothing since (their command version is forgotten then). An entity
 * that moved to another pool sends a leave ({@link AllocationRequest#leaves}): its grant goes back
 * to the pool without a command, as {@code MOVED}, and its entry is removed. Unlimited pools pass
 * requests through unchanged.
 *
 * <p>Most timers find nothing to do (lease expiries and clean-ups of requests long since
 * superseded), and reading every entry of a large pool to see so was the arbiter's main cost on
 * RocksDB. So the pool also keeps the earliest event time at which a round has something to do with
 * any entry ({@link ArbiterEntry#activeFrom}): lowered to a request's round as it is queued,
 * recomputed from the entries after every round. A timer before it returns without reading the
 * entries; one at or after it reads them all, as does the first timer after a restore of state from
 * before this was kept (the moment is then unknown).
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
    private transient Counter commands;
    private transient Counter cut;
    private transient Counter denied;
    private transient Counter lapsed;
    private transient Set<String> saidUnlimited;

    public ArbiterFunction(ArbiterSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext ctx) {
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
        ArbiterEntry e = entries.get(r.entity());
        Long ts = ctx.timestamp();
        long round = roundOf(ts != null ? ts : r.issuedAt().toEpochMilli() - 1);
        entries.put(r.entity(), (e == null ? ArbiterEntry.empty() : e).queue(r, round));
        ctx.timerService().registerEventTimeTimer(round);
        Long from = activeFrom.value();
        if (from != null && round < from) {
            activeFrom.update(round);
        }
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
        Long from = activeFrom.value();
        if (from != null && timestamp < from) {
            return; // most timers: lease expiries and clean-ups of requests since superseded
        }
        Instant now = Instant.ofEpochMilli(timestamp);
        SortedMap<String, ArbiterEntry> stored = new TreeMap<>();
        long earliest = load(now, stored);
        if (timestamp < earliest && !stored.isEmpty()) {
            // nothing to do for any entry, and the moment kept was unknown or set too early
            activeFrom.update(earliest);
            return;
        }
        // the round updates stored in place; before keeps the entries as they were, to write back
        // only those it changed
        Map<String, ArbiterEntry> before = new HashMap<>(stored);
        if (before.isEmpty()) {
            pool.clear();
            activeFrom.clear();
            return;
        }
        PoolState state = pool.value() == null ? PoolState.empty() : pool.value();
        PoolRound.Result result =
                PoolRound.run(
                        settings,
                        ctx.getCurrentKey(),
                        Instant.ofEpochMilli(timestamp),
                        stored,
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
        for (String entity : before.keySet()) {
            if (!result.entries().containsKey(entity)) {
                entries.remove(entity); // it moved to another pool
            }
        }
        if (!result.pool().equals(state)) {
            pool.update(result.pool());
        }
        keepActiveFrom(result.entries().values(), from);
    }

    /**
     * Reads the pool's entries into {@code stored}, less those {@linkplain ArbiterEntry#forgettable
     * forgettable} at {@code now}, which it removes; returns the earliest moment at which a round
     * has something to do with any of them (at or before {@code now} when one was forgotten).
     */
    private long load(Instant now, SortedMap<String, ArbiterEntry> stored) throws Exception {
        List<String> forgotten = new ArrayList<>();
        long earliest = Long.MAX_VALUE;
        for (Map.Entry<String, ArbiterEntry> kv : entries.entries()) {
            earliest = Math.min(earliest, kv.getValue().activeFrom(settings.stateTtl()));
            if (kv.getValue().forgettable(now, settings.stateTtl())) {
                forgotten.add(kv.getKey());
            } else {
                stored.put(kv.getKey(), kv.getValue());
            }
        }
        for (String entity : forgotten) {
            entries.remove(entity);
        }
        return earliest;
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
