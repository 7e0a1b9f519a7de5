package io.prescale.operators.allocation;

import io.prescale.ml.overrides.EffectivePolicy;
import io.prescale.ml.overrides.ScopeOverride;
import io.prescale.ml.policy.ClassProfile;
import io.prescale.ml.policy.DecisionReason;
import io.prescale.ml.policy.DecisionSlot;
import io.prescale.ml.policy.PrescalePolicy;
import io.prescale.ml.session.BottleneckState;
import io.prescale.ml.session.BottleneckTracker;
import io.prescale.model.DeadLetter;
import io.prescale.model.Feedback;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
import io.prescale.operators.feedback.ReceivedHint;
import io.prescale.operators.types.ScaleCommandSerializer;
import io.prescale.operators.window.WindowAggregateSerializer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per entity: the entity's windows feed the same {@link PrescalePolicy} the backtest replays, one
 * policy state per resource (each resource's demand is the window maximum of its metric), and every
 * change of the allocation becomes an {@link AllocationRequest} to the entity's pool. Step {@code
 * s} is the window start over the step; the decision made at {@code s} is for {@code s + L}; a
 * resource's first window also requests its cold-start allocation (its class profile's level, else
 * the default), needed from the end of that window, when it is sent.
 *
 * <p><b>Timers.</b> One event-time timer per entity fires at the end of the step after the last one
 * with data. If no window came for a step, each resource's allocation for {@code g + L} follows the
 * policy's gap rule ({@link GapRelease}: held while the lease holds, then released towards the
 * floor), so capacity is given back while the entity is silent, exactly as the policy will account
 * for the gap when data resumes; an amount that holds (the floor, once decayed to it) is renewed
 * every half lease. After {@code inactivityTimeout} without data the session ends: {@link
 * PrescalePolicy#end} releases every resource to 0 ({@code SESSION_END}, below a floor {@code min}
 * too: nothing renews the entity any more), updates the class profile ({@link ClassProfiles}) and
 * all keyed state of the entity is cleared. A window that ends such a silence before the watermark
 * fired its timers (event time jumped over it) ends the session first, the same way, and starts a
 * new one; over a shorter silence whose timers did not fire the policy accounts for the gap itself
 * and the pool keeps the amount in force until the window's request (see {@code PoolRound}).
 *
 * <p><b>Sessions.</b> A new session starts from its class profile (class: a pattern over the entity
 * name, else its tenant, see {@link SessionSettings}); with several resources the bottleneck
 * (highest demand over allocation, {@link io.prescale.ml.session.BottleneckTracker}) is tracked and
 * a move emits a {@code RECLASS} command on {@link #RECLASS}.
 *
 * <p><b>Overrides and hints.</b> Broadcast {@link ScopeOverride}s (already validated) refine the
 * policy per entity and per tenant ({@link Overrides}); {@code enabled=false} stops requests for
 * that scope. Hints raise a decision whose time they cover ({@link HintBoost}, reason {@code
 * HINT}); a hint that ended before it arrived (the entity's event time has passed its end) goes to
 * {@link #EXPIRED_HINTS} as it was received (its record's bytes, topic, partition and offset),
 * counted as {@code hintsExpired} and, as every dead letter, {@code recordsDeadLettered}. The
 * entity's state keeps only the hints themselves, not their records.
 */
public final class EntityAllocationFunction
        extends KeyedBroadcastProcessFunction<String, EntityEvent, ScopeOverride, AllocationRequest>
        implements CheckpointedFunction {
    public static final MapStateDescriptor<String, ScopeOverride> OVERRIDES =
            new MapStateDescriptor<>(
                    "overrides", Types.STRING, TypeInformation.of(ScopeOverride.class));
    public static final OutputTag<ScaleCommand> RECLASS =
            new OutputTag<>("reclass", ScaleCommandSerializer.type());

    /** Every step's demand against the policy's allocation in force (InfluxDB's provisioning). */
    public static final OutputTag<ProvisionedStep> PROVISIONED =
            new OutputTag<>("provisioned", TypeInformation.of(ProvisionedStep.class));

    /** Hints that ended before they reached the entity's event time: nothing is left to raise. */
    public static final OutputTag<DeadLetter> EXPIRED_HINTS =
            new OutputTag<>("expired-hints", TypeInformation.of(DeadLetter.class));

    private final AllocationSettings settings;
    private transient ClassProfiles profiles;
    private transient Overrides overrides;
    private transient Sessions sessions;
    private transient RequestBuilder requests;
    private transient DecisionSlot slot;
    private transient ValueState<EntitySession> session;
    private transient MapState<String, ResourceTrack> tracks;
    private transient HintStore hints;
    private transient ListState<WindowAggregate> held;
    private transient StepPressures pressures;
    private transient RequestEmitter emitter;

    /** Package-private so that the harness tests can read its counters. */
    transient AllocationMetrics metrics;

    private transient DemandWatch demand;

    public EntityAllocationFunction(AllocationSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext ctx) {
        overrides = new Overrides(settings);
        sessions = new Sessions(settings);
        requests = new RequestBuilder(settings);
        slot = new DecisionSlot();
        session =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "session", TypeInformation.of(EntitySession.class)));
        tracks =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "resources",
                                        Types.STRING,
                                        TypeInformation.of(ResourceTrack.class)));
        hints =
                new HintStore(
                        getRuntimeContext()
                                .getListState(
                                        new ListStateDescriptor<>(
                                                "hints", TypeInformation.of(Feedback.Hint.class))));
        held =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "held-windows", WindowAggregateSerializer.type()));
        pressures = new StepPressures(getRuntimeContext().getMapState(StepPressures.DESCRIPTOR));
        metrics = new AllocationMetrics(getRuntimeContext().getMetricGroup(), profiles, overrides);
        emitter = new RequestEmitter(requests, hints, metrics, slot);
        demand = new DemandWatch(settings.demandMetrics());
    }

    @Override
    public void processElement(EntityEvent e, ReadOnlyContext ctx, Collector<AllocationRequest> out)
            throws Exception {
        if (e.window() != null) {
            if (ctx.timestamp() != null
                    && ctx.timestamp() <= ctx.timerService().currentWatermark()) {
                metrics.windowsBehindWatermark.inc();
            }
            window(e.window(), ctx, out);
        } else if (e.tenant() != null) {
            EntitySession s = session.value();
            long step = Math.floorDiv(eventTime(ctx), requests.stepMillis());
            s = s == null ? open(e.entity(), step, ctx) : s;
            session.update(s.withTenant(e.tenant(), sessions.className(e.entity(), e.tenant())));
        } else {
            Feedback.Hint h = e.hint().hint();
            long now = ctx.timerService().currentWatermark();
            if (h.to().toEpochMilli() <= now) {
                metrics.hintsExpired.inc();
                metrics.deadLettered.inc();
                ctx.output(
                        EXPIRED_HINTS,
                        expired(e.hint(), now, ctx.timerService().currentProcessingTime()));
                return;
            }
            hints.add(h, now);
            EntitySession ses = session.value();
            if (ses != null) {
                session.update(ses.withHintsUntil(h.to().toEpochMilli()));
            } else {
                ctx.timerService().registerEventTimeTimer(h.to().toEpochMilli());
            }
        }
    }

    /** Takes window {@code w} now, or holds it back while it might end the session too early. */
    private void window(WindowAggregate w, ReadOnlyContext ctx, Collector<AllocationRequest> out)
            throws Exception {
        long s = Math.floorDiv(w.windowStart().toEpochMilli(), requests.stepMillis());
        // a step behind the watermark's, whose windows are all in (no overflow at its end)
        long in = Math.floorDiv(ctx.timerService().currentWatermark(), requests.stepMillis()) - 1;
        demand.window(w.metric(), s, in);
        EntitySession stored = session.value();
        if (!hold(w, s, stored, ctx)) {
            onWindow(w, s, stored, ctx, out);
        }
    }

    /**
     * Whether window {@code w} of step {@code s} waits in {@link #held}: it would end the session
     * ({@link #endIfTimedOut}: the silence before it reached the inactivity timeout) while windows
     * up to the session's last step may still be on their way, or earlier windows wait already. The
     * entity's metrics are windowed by different window subtasks, which can be hours apart while
     * the job works through a backlog: one metric's first window after a silence then came while
     * the others' from before it had not, the session ended, its policy was cleared and a new one
     * started from those older windows, over data that never stopped (a release to 0, then a cold
     * start; the nineteenth tester's finding). Held windows are taken in step order once the
     * watermark says every window up to the session's last step is in ({@link #releaseHeld}). A
     * window that ends no silence is taken at once: it comes before every held one.
     */
    private boolean hold(WindowAggregate w, long s, EntitySession ses, ReadOnlyContext ctx)
            throws Exception {
        if (ses == null || s <= ses.lastStep() || !sessions.expired(ses, s - 1)) {
            return false;
        }
        if (heldWindows().isEmpty()) {
            long in = lastStepIn(ses);
            // as endIfTimedOut, no end before a resource has a track (a session a tenant opened)
            if (tracks.isEmpty() || ctx.timerService().currentWatermark() >= in) {
                return false;
            }
            ctx.timerService().registerEventTimeTimer(in);
        }
        held.add(w);
        return true;
    }

    /** The watermark by which every window up to the session's last step has come in. */
    private long lastStepIn(EntitySession ses) {
        return (ses.lastStep() + 1) * requests.stepMillis() - 1;
    }

    /**
     * Takes the held windows in step order when the watermark reached {@code time}, by which the
     * session's last step is in; when windows taken meanwhile moved that step on, waits for it.
     * Returns whether windows were held.
     */
    private boolean releaseHeld(
            long time, EntitySession ses, OnTimerContext ctx, Collector<AllocationRequest> out)
            throws Exception {
        List<WindowAggregate> waiting = heldWindows();
        if (waiting.isEmpty()) {
            return false;
        }
        if (ses != null && time < lastStepIn(ses)) {
            ctx.timerService().registerEventTimeTimer(lastStepIn(ses));
            return true;
        }
        held.clear();
        waiting.sort(Comparator.comparing(WindowAggregate::windowStart));
        for (WindowAggregate w : waiting) {
            long s = Math.floorDiv(w.windowStart().toEpochMilli(), requests.stepMillis());
            if (out instanceof TimestampedCollector<AllocationRequest> stamped) {
                // as if it had been taken when it came: the arbiter's round is a request's
                // timestamp, and a session's end at this timer's time would come before the
                // pool's leases lapse over the silence, where it came after (CapacityITCase)
                stamped.setAbsoluteTimestamp(w.windowEnd().toEpochMilli() - 1);
            }
            EntitySession stored = session.value();
            if (!hold(w, s, stored, ctx)) {
                onWindow(w, s, stored, ctx, out);
            }
        }
        return true;
    }

    private List<WindowAggregate> heldWindows() throws Exception {
        List<WindowAggregate> waiting = new ArrayList<>();
        Iterable<WindowAggregate> in = held.get();
        if (in != null) {
            in.forEach(waiting::add);
        }
        return waiting;
    }

    private void onWindow(
            WindowAggregate w,
            long s,
            EntitySession before,
            ReadOnlyContext ctx,
            Collector<AllocationRequest> out)
            throws Exception {
        EntitySession stored = endIfTimedOut(before, s, ctx, out);
        EntitySession ses = stored == null ? open(w.entity(), s - 1, ctx) : stored;
        if (s > ses.lastStep()) {
            ses = schedule(ses, s, ctx);
        }
        EffectivePolicy eff = null;
        for (ResourceSpec spec : settings.resources()) {
            if (spec.metric().equals(w.metric())) {
                if (eff == null) {
                    eff = effective(ctx, ses);
                    ses = leaveOldPool(w.entity(), ses, eff, s, out);
                }
                Target to = new Target(w.entity(), ses, spec, eff, w.windowEnd().toEpochMilli());
                stepResource(to, w, ctx, out);
            }
        }
        // the step's other windows find the session as it is: nothing to write
        if (ses != stored) {
            session.update(ses);
        }
    }

    /**
     * The session as the window of step {@code s} finds it: when the silence before it reached the
     * inactivity timeout, the session's end comes first, as its timer would have ended it, and null
     * is returned (the window starts a new session, with the tenant of the old one). Event time
     * that jumps over a silent spell brings the window that ends it before the watermark that fires
     * the spell's timers; the session then lived on, its lease lapsed in the pool ({@code
     * LEASE_EXPIRED}) and its class never learnt from it.
     */
    private EntitySession endIfTimedOut(
            EntitySession stored, long s, ReadOnlyContext ctx, Collector<AllocationRequest> out)
            throws Exception {
        if (stored == null || !sessions.expired(stored, s - 1) || tracks.isEmpty()) {
            return stored;
        }
        ctx.timerService().deleteEventTimeTimer(stored.timerMillis());
        long endStep = sessions.endStep(stored);
        // the silent steps' timers, then the end at its own timer's time, as live
        EffectivePolicy eff = effective(ctx, stored);
        for (Map.Entry<String, ResourceTrack> e : snapshotOf(tracks)) {
            ResourceSpec spec = settings.resource(e.getKey());
            if (spec != null) {
                // catchUp times it at each silent step
                Target to = new Target(ctx.getCurrentKey(), stored, spec, eff, 0);
                catchUp(to, e.getValue(), endStep - 1, out);
            }
        }
        stamp(out, endStep * requests.stepMillis());
        end(stored, endStep, ctx, out);
        stamp(out, (s + 1) * requests.stepMillis() - 1);
        if (stored.tenant() == null) {
            return null;
        }
        EntitySession next = open(ctx.getCurrentKey(), s - 1, ctx);
        return next.withTenant(stored.tenant(), stored.className());
    }

    /**
     * When the entity's pool is no longer the one its requests went to ({@link
     * EntitySession#movedFrom}): a leave to the old pool for every resource it tracks ({@link
     * AllocationRequest#leave}; the old pool gives the grant back without a command from when the
     * new pool's grant, decided at {@code step}, is needed), and the next request of each resource
     * goes to the new pool whatever its amount. The command versions continue across the move in
     * the ledger, which sees both pools' commands. Returns the session with its new pool.
     */
    private EntitySession leaveOldPool(
            String entity,
            EntitySession ses,
            EffectivePolicy eff,
            long step,
            Collector<AllocationRequest> out)
            throws Exception {
        String defaultPool = settings.defaults().pool();
        String old = ses.movedFrom(eff.pool(), defaultPool);
        if (old == null) {
            return ses;
        }
        long stepMillis = requests.stepMillis();
        Instant neededBy = Instant.ofEpochMilli((step + eff.config().leadSteps()) * stepMillis);
        for (Map.Entry<String, ResourceTrack> e : snapshotOf(tracks)) {
            ResourceSpec spec = settings.resource(e.getKey());
            if (spec != null) {
                Target to = new Target(entity, ses, spec, eff, (step + 1) * stepMillis);
                out.collect(AllocationRequest.leave(old, to, neededBy));
                tracks.put(e.getKey(), e.getValue().unrequested());
                metrics.poolsLeft.inc();
            }
        }
        return ses.inPool(eff.pool(), defaultPool);
    }

    private void stepResource(
            Target to, WindowAggregate w, ReadOnlyContext ctx, Collector<AllocationRequest> out)
            throws Exception {
        long s = Math.floorDiv(w.windowStart().toEpochMilli(), requests.stepMillis());
        PrescalePolicy policy = overrides.policy(to.policy().config());
        int lead = to.policy().config().leadSteps();
        ResourceTrack t = tracks.get(to.spec().resource());
        if (t == null || t.leadSteps() != lead || !policy.fits(t.policy())) {
            String className = to.session().className();
            ClassProfile profile =
                    className == null
                            ? null
                            : profiles.get(ClassProfiles.key(className, to.spec().resource()));
            t = ResourceTrack.fresh(policy.start(s, profile, slot), lead, s);
            // the start holds from step s on, but is sent only at the end of s's window
            t = emitter.request(to, t, emitter.fromSlot(w.max(), false).notBefore(s + 1), out);
        }
        if (s <= t.lastStep()) {
            metrics.outOfOrder.inc();
            return;
        }
        if (s > t.lastStep() + 1) {
            t = catchUp(to, t, s, out);
            stamp(out, w.windowEnd().toEpochMilli() - 1);
            if (s == t.lastStep() + 2 && bridges(to, t)) {
                t = bridge(to, t, out);
            }
        }
        double previous = Double.isNaN(t.lastDemand()) ? w.max() : t.lastDemand();
        double decided = t.policy().currentAllocation();
        policy.step(t.policy(), s, w.max(), slot);
        if (settings.reclassifies() && s > wholeStep(ctx)) {
            // against the allocation the window ran under, as provisioning has it (the latest
            // decision, for a later step, gave pressures no window had; the 118th tester)
            double pressure =
                    BottleneckTracker.pressure(
                            w.max(), Double.isNaN(slot.inForce()) ? decided : slot.inForce());
            // a resource that asked for nothing counts as 0, whatever it holds
            pressures.put(
                    s, to.spec().resource(), Double.isNaN(pressure) && w.max() <= 0 ? 0 : pressure);
            // compared when whole: the watermark reached the end of s
            ctx.timerService().registerEventTimeTimer((s + 1) * requests.stepMillis());
        }
        if (!Double.isNaN(slot.inForce())) {
            ctx.output(
                    PROVISIONED,
                    new ProvisionedStep(
                            to.entity(),
                            to.spec().resource(),
                            w.windowStart(),
                            w.max(),
                            slot.inForce(),
                            t.policy().correction()));
        }
        request(to, t.stepped(s, w.max()), Math.max(w.max(), previous), out);
    }

    /**
     * Requests what the policy decided into {@link #slot}, {@code recent} the recent peak; returns
     * the track as stored.
     */
    private ResourceTrack request(
            Target to, ResourceTrack t, double recent, Collector<AllocationRequest> out)
            throws Exception {
        boolean proactive = slot.reason() == DecisionReason.SCALE_UP_FORECAST;
        ResourceTrack requested = emitter.request(to, t, emitter.fromSlot(recent, proactive), out);
        tracks.put(to.spec().resource(), requested);
        return requested;
    }

    /**
     * Whether the track's one silent step, {@code lastStep + 1}, is to be stepped with the demand
     * before it repeated ({@link #bridge}) when the window after it comes, rather than released by
     * the gap rule: no step of the gap is released yet, and the policy state still fits. Its own
     * timer waits for that window; a second silent step's timer releases both by the gap rule.
     */
    private boolean bridges(Target to, ResourceTrack t) {
        return !t.inGap()
                && !Double.isNaN(t.lastDemand())
                && t.leadSteps() == to.policy().config().leadSteps()
                && overrides.policy(to.policy().config()).fits(t.policy());
    }

    /**
     * Steps the one silent step before the window that ends it with the demand before it, as the
     * backtest's grid does: a sample that jitters across a step boundary leaves one window empty
     * and the next with two, and the job released the entity at every such window (its commands
     * differed from the backtest's at 567 of 574 steps; the sixty-fifth tester).
     */
    private ResourceTrack bridge(Target to, ResourceTrack t, Collector<AllocationRequest> out)
            throws Exception {
        long g = t.lastStep() + 1;
        overrides.policy(to.policy().config()).step(t.policy(), g, t.lastDemand(), slot);
        // no provisioning row: nothing was observed at g
        return request(to, t.stepped(g, t.lastDemand()), t.lastDemand(), out);
    }

    /**
     * What the step timer of silent step {@code g} requests for a resource: nothing at the first
     * silent step of a resource that {@link #bridges}, else the gap rule's releases through g;
     * returns the track as stored.
     */
    private ResourceTrack silentStep(
            Target to, ResourceTrack t, long g, Collector<AllocationRequest> out) throws Exception {
        if (g == t.lastStep() + 1 && bridges(to, t)) {
            return t; // waits for the next window or the next timer
        }
        ResourceTrack released = emitter.release(to, t, g, out);
        tracks.put(to.spec().resource(), released);
        return released;
    }

    /**
     * The silent steps before window {@code s} that no step timer has taken yet, taken as their
     * timers would (each request stamped at its timer's time, the pool's round), so that the
     * commands do not depend on how fast the job reads: the job works through a backlog, a replay
     * or a catch-up, and the window after a gap comes before the watermark fires the gap's timers.
     * The policy released over such a gap by itself before, and nothing was requested: the pool
     * lapsed the amount while the session lived, {@code provisioning} scored releases no pool had
     * seen (the sixty-sixth tester's bounded replay), and one replay's commands differed from
     * another's over the same data (the sixty-seventh's). The caller stamps what follows.
     */
    private ResourceTrack catchUp(
            Target to, ResourceTrack t, long s, Collector<AllocationRequest> out) throws Exception {
        ResourceTrack at = t;
        for (long g = Math.max(t.lastStep(), t.gapThrough()) + 1; g < s; g++) {
            long time = (g + 1) * requests.stepMillis();
            stamp(out, time);
            at = silentStep(to.at(time), at, g, out);
        }
        return at;
    }

    private static void stamp(Collector<AllocationRequest> out, long time) {
        if (out instanceof TimestampedCollector<AllocationRequest> stamped) {
            stamped.setAbsoluteTimestamp(time);
        }
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<AllocationRequest> out)
            throws Exception {
        demand.watermark(
                Math.floorDiv(ctx.timerService().currentWatermark(), requests.stepMillis()) - 1);
        EntitySession ses = session.value();
        // the step timer, which fires at every silent step, never finds windows held: theirs is
        // earlier, and fires before it in the same advance of the watermark
        if (ses == null || time != ses.timerMillis()) {
            if (!releaseHeld(time, ses, ctx, out) && ses == null) {
                keepHintsAfter(time, ctx);
            }
            if (settings.reclassifies()) {
                reclassify(session.value(), ctx); // as the held windows left it
            }
            return;
        }
        long g = time / requests.stepMillis() - 1;
        EffectivePolicy eff = effective(ctx, ses);
        ses = leaveOldPool(ctx.getCurrentKey(), ses, eff, g, out);
        if (sessions.expired(ses, g)) {
            end(ses, g + 1, ctx, out);
            return;
        }
        for (Map.Entry<String, ResourceTrack> e : snapshotOf(tracks)) {
            ResourceSpec spec = settings.resource(e.getKey());
            if (spec != null && e.getValue().lastStep() < g) {
                Target to = new Target(ctx.getCurrentKey(), ses, spec, eff, time);
                silentStep(to, e.getValue(), g, out);
                if (settings.reclassifies()) {
                    pressures.released(g, e.getKey());
                }
            }
        }
        long next = time + requests.stepMillis();
        ctx.timerService().registerEventTimeTimer(next);
        ses = ses.withTimer(next);
        session.update(ses);
        if (settings.reclassifies()) {
            // after the gap rule's releases of the step, which leave their resources out of it
            reclassify(ses, ctx);
        }
    }

    /** Ends the session at {@code endStep}: releases everything, learns the class, clears. */
    private void end(
            EntitySession ses, long endStep, ReadOnlyContext ctx, Collector<AllocationRequest> out)
            throws Exception {
        EffectivePolicy eff = effective(ctx, ses);
        String className = ses.className() == null ? "unclassified" : ses.className();
        for (Map.Entry<String, ResourceTrack> e : snapshotOf(tracks)) {
            ResourceSpec spec = settings.resource(e.getKey());
            if (spec == null) {
                continue;
            }
            String key = ClassProfiles.key(className, spec.resource());
            ClassProfile learnt =
                    overrides
                            .policy(eff.config())
                            .end(e.getValue().policy(), endStep, key, profiles.get(key), slot);
            if (ses.className() != null && !profiles.put(learnt)) {
                metrics.profilesDropped.inc();
            }
            Target to =
                    new Target(
                            ctx.getCurrentKey(), ses, spec, eff, endStep * requests.stepMillis());
            ResourceTrack forced = e.getValue().unrequested();
            emitter.request(to, forced, emitter.fromSlot(0, false), out);
        }
        tracks.clear();
        pressures.clear();
        session.clear();
        keepHintsAfter(endStep * requests.stepMillis(), ctx);
        metrics.sessionsEnded.inc();
    }

    private EffectivePolicy effective(ReadOnlyContext ctx, EntitySession ses) throws Exception {
        return overrides.effective(
                ctx.getBroadcastState(OVERRIDES), ses.tenant(), ctx.getCurrentKey());
    }

    private EntitySession open(String entity, long lastStep, ReadOnlyContext ctx) throws Exception {
        long until = hints.keepAfter(ctx.timerService().currentWatermark());
        metrics.sessionsStarted.inc();
        EntitySession s = sessions.open(entity, lastStep, until);
        ctx.timerService().registerEventTimeTimer(s.timerMillis());
        return s;
    }

    /** Moves the step timer to the end of the step after {@code s}. */
    private EntitySession schedule(EntitySession ses, long s, ReadOnlyContext ctx)
            throws Exception {
        long timer = (timedFrom(s) + 2) * requests.stepMillis();
        if (timer != ses.timerMillis()) {
            ctx.timerService().deleteEventTimeTimer(ses.timerMillis());
            ctx.timerService().registerEventTimeTimer(timer);
        }
        return ses.withLastStep(s, timer);
    }

    /**
     * The step the entity's timer is set after: {@code s}, the step of the window that came in,
     * unless another resource of the entity has had no window, nor a release by the gap rule, for
     * the step before it: then the last step it has. A resource whose metric stopped while the
     * others go on is then released by the gap rule step by step as the watermark passes its silent
     * steps, as the whole entity's resources are when it falls silent; before, its request lapsed
     * in the pool and, when the entity fell silent hours later, the gap rule walked it from its old
     * amount and raised it again with needed-by times long past (the fortieth tester's network
     * metric). A window of the resource that is only late (another window subtask) comes in before
     * that timer fires, which then finds nothing to release.
     */
    private long timedFrom(long s) throws Exception {
        if (settings.resources().size() < 2) {
            return s;
        }
        long from = s;
        for (Map.Entry<String, ResourceTrack> e : tracks.entries()) {
            if (settings.resource(e.getKey()) != null) {
                ResourceTrack t = e.getValue();
                from = Math.min(from, Math.max(t.lastStep(), t.gapThrough()));
            }
        }
        return from <= s - 2 ? from : s;
    }

    /**
     * With several resources: follows the bottleneck over the steps whose windows are all in by the
     * watermark ({@link #wholeStep}), in step order, each compared once ({@link StepPressures}), on
     * the event-time timer at the end of each step a window put a pressure in for.
     *
     * <p>A step is compared only when every resource's pressure for it is known: its window for the
     * step came and its pressure is a number (a resource that asked for nothing counts as 0). A
     * resource the gap rule released for the step is left out of it, so that a stopped metric does
     * not stop the comparison for good. Otherwise (a window missing, a resource that had none yet)
     * the step neither counts towards a run of {@code session.reclass-steps} nor resets it: the
     * resources that did have a window would "win" it, and a RECLASS could be sent away from the
     * very resource under pressure. A resource that is no longer configured is left out; the
     * resources are compared in their configured order.
     */
    private void reclassify(EntitySession ses, OnTimerContext ctx) throws Exception {
        if (ses == null) {
            return;
        }
        List<Map.Entry<Long, Map<String, Double>>> whole = pressures.takeThrough(wholeStep(ctx));
        if (whole.isEmpty()) {
            return;
        }
        BottleneckState b = ses.bottleneck();
        for (Map.Entry<Long, Map<String, Double>> step : whole) {
            List<String> names = new ArrayList<>();
            List<Double> known = new ArrayList<>();
            for (ResourceSpec spec : settings.resources()) {
                Double p = step.getValue().get(spec.resource());
                // left out: a resource never seen, or one released for the step
                if (p == null ? !tracks.contains(spec.resource()) : p == StepPressures.RELEASED) {
                    continue;
                }
                if (p == null || Double.isNaN(p)) {
                    names.clear();
                    break;
                }
                names.add(spec.resource());
                known.add(p);
            }
            if (names.isEmpty()) {
                continue;
            }
            BottleneckState after = sessions.observe(b, names, known);
            Reclassification.Move move = Sessions.move(b, after, names, known);
            if (move != null) {
                int tier = effective(ctx, ses).tier();
                long at = step.getKey() + 1;
                ctx.output(
                        RECLASS,
                        Reclassification.command(
                                ctx.getCurrentKey(), move, tier, at, requests.stepMillis()));
                metrics.reclassified.inc();
            }
            b = after;
        }
        session.update(ses.withBottleneck(b));
    }

    /**
     * The last grid step whose windows are all in: the watermark has reached its end, so every
     * window subtask has fired it and sent it on before the watermark (the gap rule's timer for the
     * step fires at the same time).
     */
    private long wholeStep(ReadOnlyContext ctx) {
        return Math.floorDiv(ctx.timerService().currentWatermark(), requests.stepMillis()) - 1;
    }

    /** Drops hints that ended by {@code time}; a timer cleans up after the rest. */
    private void keepHintsAfter(long time, ReadOnlyContext ctx) throws Exception {
        long until = hints.keepAfter(time);
        if (until != Long.MIN_VALUE) {
            ctx.timerService().registerEventTimeTimer(until);
        }
    }

    @Override
    public void processBroadcastElement(
            ScopeOverride o, Context ctx, Collector<AllocationRequest> out) throws Exception {
        BroadcastState<String, ScopeOverride> state = ctx.getBroadcastState(OVERRIDES);
        if (o.removed()) {
            state.remove(o.scope());
        } else {
            state.put(o.scope(), o);
        }
        overrides.invalidate();
        metrics.overrides.inc();
    }

    private static long eventTime(ReadOnlyContext ctx) {
        Long ts = ctx.timestamp();
        return ts != null ? ts : ctx.timerService().currentWatermark();
    }

    private static List<Map.Entry<String, ResourceTrack>> snapshotOf(
            MapState<String, ResourceTrack> state) throws Exception {
        List<Map.Entry<String, ResourceTrack>> copy = new ArrayList<>();
        for (Map.Entry<String, ResourceTrack> e : state.entries()) {
            copy.add(Map.entry(e.getKey(), e.getValue()));
        }
        return copy;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
        profiles.snapshot();
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
        profiles = new ClassProfiles();
        profiles.initialize(ctx);
    }

    /** {@code received} as it came in, with why it raises nothing. */
    private static DeadLetter expired(ReceivedHint received, long watermarkMillis, long nowMillis) {
        Feedback.Hint h = received.hint();
        return DeadLetter.of(
                received.raw(),
                "hint ended at "
                        + h.to()
                        + ", before it reached the job: event time for "
                        + h.entity()
                        + " is already at "
                        + Instant.ofEpochMilli(watermarkMillis)
                        + ", so no decision it covers is left to make",
                Instant.ofEpochMilli(nowMillis));
    }
}
