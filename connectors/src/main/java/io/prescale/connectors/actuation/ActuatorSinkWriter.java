package io.prescale.connectors.actuation;

import io.prescale.connectors.actuator.ActuatorBackend;
import io.prescale.connectors.actuator.BackendResponse;
import io.prescale.connectors.actuator.RejectedCommandException;
import io.prescale.connectors.actuator.SummedUpWarning;
import io.prescale.connectors.actuator.TransientBackendException;
import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import io.prescale.model.Decimals;
import io.prescale.model.GatedCommand;
import io.prescale.model.ParserConfig;
import io.prescale.model.ScaleCommand;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Predicate;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies commands one by one and reports each; see {@link ActuatorSink}.
 *
 * <p>Every result carries the amount in force for its (entity, resource) after the command. For
 * APPLIED that is what the backend answered. For SUPERSEDED, REJECTED and FAILED nothing changed,
 * and the amount is, in this order: what the backend says it runs ({@link
 * ActuatorBackend#inForce}); else the amount this writer last saw applied for the key; else, when
 * neither knows (a webhook right after a restart), the command's {@code previousAmount}, which is
 * only what the scaling job believed was in force, and which the writer then keeps as the key's
 * until a command of it is applied. SUPERSEDED results are made here, not in the version gate,
 * because the gate knows the newest command it passed but not whether the backend applied it.
 *
 * <p>Its state is the last command applied per key ({@link AppliedCommands}), which {@link
 * #reconcile} applies again when the actuator is restored with a backend that restarts empty (the
 * process pool), whatever backend wrote it; other backends only keep it. That is logged and counted
 * ({@code commandsReconciled}, {@code reconcilesFailed}), not published: the command was reported
 * APPLIED once under its (entity, resource, version), which a second result would repeat, and the
 * amount that result reported in force is what comes back.
 */
final class ActuatorSinkWriter implements StatefulSinkWriter<GatedCommand, ActuatorState> {
    private static final Logger LOG = LoggerFactory.getLogger(ActuatorSinkWriter.class);

    /** Keys whose last applied amount is remembered; the least recently used is forgotten. */
    static final int REMEMBERED_KEYS = 1 << 16;

    /** Waits between retries; {@code Thread::sleep} in production, a recorder in tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /** The key of rejected commands in {@link #failures}. */
    private static final String REJECTED = "rejected";

    private static final String FAILED = "failed";

    private final ActuatorBackend backend;
    private final RetryPolicy retry;
    private final ResultPublisher results;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Counter applied;
    private final Counter superseded;
    private final Counter rejected;
    private final Counter failed;
    private final Counter reconciled;
    private final Counter reconcilesFailed;

    /** The last command applied per key, for a backend that restarts empty, now or later. */
    private final AppliedCommands inForceCommands;

    /**
     * Failure reason ({@link #FAILED} for the backend's own errors, a defect's exception class, or
     * {@link #REJECTED}) → its warning, said at most once a minute.
     */
    private final Map<String, SummedUpWarning> failures = new LinkedHashMap<>();

    /**
     * Commands failed since the last one applied (a run of failures), when the first of them
     * failed, and whether a failure line was said during the run: the recovery is said only after
     * one (an entity whose receiver failed between other entities' successes had it said for almost
     * every command).
     */
    private long failedSinceApplied;

    private Instant failingSince;
    private boolean failingSaid;

    /** (entity, resource) → the amount last applied, for backends that cannot tell. */
    private final Map<Key, Double> lastApplied =
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Key, Double> eldest) {
                    return size() > REMEMBERED_KEYS;
                }
            };

    ActuatorSinkWriter(
            ActuatorBackend backend,
            RetryPolicy retry,
            ResultPublisher results,
            Clock clock,
            MetricGroup metrics,
            Sleeper sleeper) {
        this.backend = backend;
        this.retry = retry;
        this.results = results;
        this.clock = clock;
        this.sleeper = sleeper;
        this.applied = metrics.counter("commandsApplied");
        this.superseded = metrics.counter("commandsSuperseded");
        this.rejected = metrics.counter("commandsRejected");
        this.failed = metrics.counter("commandsFailed");
        this.reconciled = metrics.counter("commandsReconciled");
        this.reconcilesFailed = metrics.counter("reconcilesFailed");
        this.inForceCommands = new AppliedCommands();
    }

    @Override
    public void write(GatedCommand gated, Context context) throws InterruptedException {
        results.publish(gated.superseded() ? superseded(gated) : apply(gated.command()));
    }

    /**
     * Brings a backend that restarts empty back to the last command applied for each of the keys
     * {@code owned} accepts among {@code restored} (the state of the checkpoint restored), before
     * any new command; see {@link AppliedCommands#reconcile}. Says in one line what it did.
     */
    void reconcile(Collection<ScaleCommand> restored, Predicate<ScaleCommand> owned) {
        if (restored.isEmpty()) {
            return;
        }
        if (!backend.restartsEmpty()) {
            inForceCommands.keep(restored, owned, clock.instant());
            return;
        }
        AppliedCommands.Reconciled r =
                inForceCommands.reconcile(restored, owned, clock.instant(), backend);
        r.reapplied().forEach((c, amount) -> lastApplied.put(key(c), amount));
        reconciled.inc(r.reapplied().size());
        reconcilesFailed.inc(r.failures().size());
        if (r.reapplied().isEmpty()
                && r.lapsed() == 0
                && r.elsewhere() == 0
                && r.failures().isEmpty()) {
            return;
        }
        String line =
                "actuator restored: backend '"
                        + backend.name()
                        + "' brought back to the last command applied for "
                        + r.reapplied().size()
                        + " (entity, resource) key(s)"
                        + (r.lapsed() == 0
                                ? ""
                                : "; " + r.lapsed() + " left at 0, their lease had expired")
                        // a parallelism changed: a tester read the line as complete
                        + (r.elsewhere() == 0
                                ? ""
                                : "; "
                                        + r.elsewhere()
                                        + " whose commands now go to another subtask not brought"
                                        + " back (their next command or RENEW restarts them)");
        if (r.failures().isEmpty()) {
            LOG.info(line);
        } else {
            LOG.warn(
                    "{}; {} failed, applied again by their next command or RENEW, the first: {}",
                    line,
                    r.failures().size(),
                    r.failures().get(0));
        }
    }

    /**
     * The last command applied per key (for a backend that restarts empty), and what the results
     * publishers keep (the InfluxDB writer's backlog and tagged entities).
     */
    @Override
    public List<ActuatorState> snapshotState(long checkpointId) {
        List<ActuatorState> state = new ArrayList<>();
        inForceCommands.snapshot(clock.instant()).stream()
                .map(ActuatorState.InForce::new)
                .forEach(state::add);
        results.snapshotState().stream().map(ActuatorState.Influx::new).forEach(state::add);
        return state;
    }

    /** Not applied: a command of its version or a newer one was passed before. */
    private ActuationResult superseded(GatedCommand gated) {
        superseded.inc();
        ScaleCommand c = gated.command();
        return result(
                c,
                ActuationStatus.SUPERSEDED,
                inForce(c),
                "version " + c.version() + " is not newer than " + gated.newestVersion());
    }

    /** Applies with retries; never throws for a backend failure. */
    ActuationResult apply(ScaleCommand command) throws InterruptedException {
        if (command.targetAmount() > ParserConfig.VALUE_BOUND) {
            // forged or corrupted (the job's amounts come from bounded samples): the scaling
            // job's ledger would refuse any result of it, so the backend never sees it
            rejected.inc();
            String why =
                    "targetAmount "
                            + Decimals.plain(command.targetAmount())
                            + " is above 1e18, the bound of every amount";
            LOG.warn(
                    "command {} for '{}' rejected before the backend: {}",
                    command.id(),
                    command.entity(),
                    why);
            return result(command, ActuationStatus.REJECTED, inForce(command), why);
        }
        for (int attempt = 0; ; attempt++) {
            try {
                BackendResponse r = backend.apply(command);
                ActuationResult done =
                        result(command, ActuationStatus.APPLIED, r.appliedAmount(), r.detail());
                lastApplied.put(key(command), done.appliedAmount());
                inForceCommands.applied(command, done.appliedAmount());
                applied.inc();
                sayUnsaidFailures();
                if (failingSaid) {
                    LOG.info(
                            "backend '{}' applies commands again: {} command(s) failed since {}",
                            backend.name(),
                            failedSinceApplied,
                            failingSince);
                }
                // a run of failures ends here, said or not (a later one said "again" for failures
                // among commands applied all along)
                failedSinceApplied = 0;
                failingSaid = false;
                return done;
            } catch (RejectedCommandException e) {
                rejected.inc();
                // a receiver that refuses every command (a wrong secret, say) is said, as failures
                warn(REJECTED, command, "rejected: " + e.getMessage());
                return result(command, ActuationStatus.REJECTED, inForce(command), e.getMessage());
            } catch (TransientBackendException e) {
                if (!e.retryable() || attempt >= retry.maxRetries()) {
                    return failed(command, attempt + 1, e);
                }
                sleeper.sleep(retry.backoff(attempt + 1).toMillis());
            } catch (RuntimeException e) {
                // a backend defect is reported, not thrown: one bad key never stops the job
                return failed(command, attempt + 1, e);
            }
        }
    }

    private ActuationResult failed(ScaleCommand command, int attempts, Exception e) {
        failed.inc();
        if (failedSinceApplied++ == 0) {
            failingSince = clock.instant();
        }
        String after = "failed after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ");
        String reason =
                e instanceof TransientBackendException ? FAILED : e.getClass().getSimpleName();
        failingSaid |= warn(reason, command, after + describe(e));
        return result(command, ActuationStatus.FAILED, inForce(command), after + e.getMessage());
    }

    /** A backend's own failure by its message; a defect also by its exception's simple name. */
    private static String describe(Exception e) {
        String name = e.getClass().getSimpleName();
        if (e.getMessage() == null) {
            return name;
        }
        return e instanceof TransientBackendException
                ? e.getMessage()
                : name + ": " + e.getMessage();
    }

    /**
     * Notes a command failed or rejected for {@code reason}; says it when a line is due, and
     * whether it did.
     */
    private boolean warn(String reason, ScaleCommand command, String what) {
        Optional<SummedUpWarning.Due> due =
                failures.computeIfAbsent(reason, r -> new SummedUpWarning(clock))
                        .occurred(
                                command.entity(),
                                1,
                                "command "
                                        + command.id()
                                        + " for '"
                                        + command.entity()
                                        + "' "
                                        + what);
        due.ifPresent(d -> LOG.warn(failuresLine(reason, d)));
        return due.isPresent();
    }

    /**
     * On a command applied and at every checkpoint: failures and refusals summed up but not said
     * yet, once their minute is up (they were said only by the next one of their kind, so a burst
     * of them and then none, or among applied commands, never).
     */
    private void sayUnsaidFailures() {
        failures.forEach(
                (reason, w) ->
                        w.occurred(reason, 0, null)
                                .ifPresent(d -> LOG.warn(failuresLine(reason, d))));
    }

    /**
     * A backend that is down fails every command, and a receiver that refuses them rejects every
     * one: the first of each reason (the backend's errors, a defect's exception class, or
     * rejection) is said at once, the later ones summed up at most once a minute.
     */
    private String failuresLine(String reason, SummedUpWarning.Due d) {
        String how =
                switch (reason) {
                    case REJECTED -> "rejected by backend '" + backend.name() + "'";
                    case FAILED -> "failed on backend '" + backend.name() + "'";
                    default -> "failed on backend '" + backend.name() + "' with " + reason;
                };
        return d.first()
                ? d.last() + " (further commands " + how + " are summed up once a minute)"
                : d.count()
                        + " command(s) for "
                        + d.subjects()
                        + " entit(ies) "
                        + how
                        + " since "
                        + d.since()
                        + "; the last: "
                        + d.last();
    }

    /** The amount in force for a command that changed nothing; see the class comment. */
    private double inForce(ScaleCommand c) {
        try {
            OptionalDouble running = backend.inForce(c.entity(), c.resource());
            if (running.isPresent() && isAmount(running.getAsDouble())) {
                return running.getAsDouble();
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "backend {} cannot tell what runs for {}: {}",
                    backend.name(),
                    key(c),
                    describe(e));
        }
        Double seen = lastApplied.get(key(c));
        if (seen != null) {
            return seen;
        }
        // kept as in force until a command is applied: the previous amount of the key's next
        // command is this one's target, which did not run (a webhook answering 404 for an entity
        // it does not know reported every refused target in force, the hundred-and-ninth tester)
        lastApplied.put(key(c), c.previousAmount());
        return c.previousAmount();
    }

    /** What a result can hold; NaN, infinite or negative answers are no answer. */
    private static boolean isAmount(double a) {
        return Double.isFinite(a) && a >= 0;
    }

    private record Key(String entity, String resource) {}

    private static Key key(ScaleCommand c) {
        return new Key(c.entity(), c.resource());
    }

    private ActuationResult result(
            ScaleCommand c, ActuationStatus status, double amount, String detail) {
        return new ActuationResult(
                c.id(),
                c.entity(),
                c.resource(),
                c.version(),
                status,
                amount,
                backend.name(),
                clock.instant(),
                detail);
    }

    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        sayUnsaidFailures();
        results.flush(endOfInput);
    }

    @Override
    public void close() throws Exception {
        failures.forEach(
                (reason, w) -> w.unsaid().ifPresent(d -> LOG.warn(failuresLine(reason, d))));
        try {
            results.close();
        } finally {
            backend.close();
        }
    }
}
