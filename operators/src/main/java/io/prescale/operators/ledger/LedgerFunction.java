package io.prescale.operators.ledger;

import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger, keyed by entity: per resource, what was commanded (first input: the capacity
 * arbiters' versioned commands and the RECLASS recommendations) and what the actuator applied
 * (second input: {@code prescale.actuations}, read committed).
 *
 * <p>Every command goes out again as the main output, to the commands topic, numbered by {@link
 * CommandSequence}: an entity that moved to another pool keeps one continuous run of versions per
 * resource, with the previous amount its old pool commanded (the new pool's arbiter started it
 * afresh). Without a move the commands pass unchanged. A command issued before the newest one of
 * its resource is not sent: at a parallelism above 1 the old pool's last command of a moved entity
 * can reach the ledger after the new pool's first (they come from different arbiter subtasks), and
 * would otherwise put its stale target in force until the next command. It is counted ({@code
 * commandsStale}) and logged. Each pool issues an entity's commands in the order of its rounds, so
 * within a pool none is ever stale; RECLASS recommendations are not compared.
 *
 * <p>Every result updates the resource's line and emits a {@link LedgerEntry} on {@link #LINES};
 * FAILED and REJECTED results are counted in Flink metrics ({@code actuationsFailed}, {@code
 * actuationsRejected}) and in the line itself. An entity's lines live for {@code ttl} after their
 * last update (processing time), so entities that go away do not leak: one timer per entity at a
 * time, which on firing either drops the lines or waits for {@code ttl} after the latest update.
 * Not a Flink state TTL: on the heap backend its incremental clean-up visits and copies entries of
 * the whole state at every access (most of this task's CPU at 30,000 entities).
 */
public final class LedgerFunction
        extends KeyedCoProcessFunction<String, ScaleCommand, ActuationResult, ScaleCommand> {
    /** A line per actuation result: the InfluxDB measurement {@code ledger}. */
    public static final OutputTag<LedgerEntry> LINES =
            new OutputTag<>("ledger-lines", TypeInformation.of(LedgerEntry.class));

    private static final Logger LOG = LoggerFactory.getLogger(LedgerFunction.class);

    private final Duration ttl;
    private transient MapState<String, LedgerState> lines;
    private transient ValueState<Long> touched;
    private transient Counter applied;
    private transient Counter failed;
    private transient Counter rejected;
    private transient Counter superseded;
    private transient Counter stale;
    private transient Counter commandsIssued;

    public LedgerFunction(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext ctx) {
        lines =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "ledger",
                                        Types.STRING,
                                        TypeInformation.of(LedgerState.class)));
        touched = getRuntimeContext().getState(new ValueStateDescriptor<>("touched", Types.LONG));
        applied = getRuntimeContext().getMetricGroup().counter("actuationsApplied");
        failed = getRuntimeContext().getMetricGroup().counter("actuationsFailed");
        rejected = getRuntimeContext().getMetricGroup().counter("actuationsRejected");
        superseded = getRuntimeContext().getMetricGroup().counter("actuationsSuperseded");
        stale = getRuntimeContext().getMetricGroup().counter("commandsStale");
        commandsIssued = getRuntimeContext().getMetricGroup().counter("commandsIssued");
    }

    @Override
    public void processElement1(ScaleCommand c, Context ctx, Collector<ScaleCommand> out)
            throws Exception {
        LedgerState l = line(c.resource());
        touch(ctx.timerService());
        long issued = c.issuedAt().toEpochMilli();
        if (c.action() != ScaleAction.RECLASS && issued < l.issuedMillis()) {
            stale.inc();
            LOG.info(
                    "Command {} ({} to {}, issued {}) not sent: {} already has a command issued at"
                            + " {} (from the pool the entity moved to)",
                    c.id(),
                    c.action(),
                    c.targetAmount(),
                    c.issuedAt(),
                    c.entity() + "/" + c.resource(),
                    Instant.ofEpochMilli(l.issuedMillis()));
            return;
        }
        if (CommandSequence.nothingToGiveUp(c, l)) {
            return;
        }
        ScaleCommand next = CommandSequence.next(c, l);
        // the arbiter counts every other command it issues; these two it does not see
        if (CommandSequence.fromZeroToZero(c) || c.action() == ScaleAction.RECLASS) {
            commandsIssued.inc();
        }
        out.collect(next);
        if (next.version() >= l.versionCommanded()) {
            lines.put(
                    c.resource(),
                    new LedgerState(
                            next.targetAmount(),
                            next.version(),
                            l.applied(),
                            l.versionApplied(),
                            l.status(),
                            l.failed(),
                            l.rejected(),
                            Math.max(issued, l.issuedMillis())));
        }
    }

    @Override
    public void processElement2(ActuationResult r, Context ctx, Collector<ScaleCommand> out)
            throws Exception {
        LedgerState l = line(r.resource());
        touch(ctx.timerService());
        boolean ok = r.status() == ActuationStatus.APPLIED;
        count(r.status());
        LedgerState next =
                new LedgerState(
                        l.commanded(),
                        l.versionCommanded(),
                        r.appliedAmount(),
                        ok ? Math.max(l.versionApplied(), r.version()) : l.versionApplied(),
                        r.status().name(),
                        l.failed() + (r.status() == ActuationStatus.FAILED ? 1 : 0),
                        l.rejected() + (r.status() == ActuationStatus.REJECTED ? 1 : 0),
                        l.issuedMillis());
        lines.put(r.resource(), next);
        ctx.output(
                LINES,
                new LedgerEntry(
                        r.entity(),
                        r.resource(),
                        next.commanded(),
                        next.applied(),
                        next.versionCommanded(),
                        next.versionApplied(),
                        r.version(),
                        r.status(),
                        next.failed(),
                        next.rejected(),
                        r.time(),
                        r.detail()));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ScaleCommand> out)
            throws Exception {
        Long last = touched.value();
        if (last == null) {
            return;
        }
        long expiry = last + ttl.toMillis();
        if (timestamp >= expiry) {
            lines.clear();
            touched.clear();
        } else {
            ctx.timerService().registerProcessingTimeTimer(expiry);
        }
    }

    /** Records an update now; the entity's first since its lines were dropped sets the timer. */
    private void touch(TimerService timers) throws Exception {
        long now = timers.currentProcessingTime();
        if (touched.value() == null) {
            timers.registerProcessingTimeTimer(now + ttl.toMillis());
        }
        touched.update(now);
    }

    private void count(ActuationStatus s) {
        switch (s) {
            case APPLIED -> applied.inc();
            case FAILED -> failed.inc();
            case REJECTED -> rejected.inc();
            case SUPERSEDED -> superseded.inc();
        }
    }

    private LedgerState line(String resource) throws Exception {
        LedgerState l = lines.get(resource);
        return l == null ? LedgerState.empty() : l;
    }
}
