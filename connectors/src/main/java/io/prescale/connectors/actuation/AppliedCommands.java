package io.prescale.connectors.actuation;

import io.prescale.connectors.actuator.ActuatorBackend;
import io.prescale.connectors.actuator.BackendResponse;
import io.prescale.connectors.actuator.RejectedCommandException;
import io.prescale.connectors.actuator.TransientBackendException;
import io.prescale.model.ScaleCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The last command applied for each (entity, resource) whose amount is above 0: the actuator's
 * writer state, in every checkpoint, and what a restored actuator brings a backend that restarts
 * empty ({@link ActuatorBackend#restartsEmpty}) back to before any new command ({@link
 * #reconcile}); other backends keep it for one that does ({@link #keep}). Without it a restarted
 * process pool, which stops the workers a killed actuator left running, would run none for an
 * entity until its next command or {@code RENEW}, up to half a lease later.
 *
 * <p>A command whose lease has expired is dropped, at a checkpoint or at the restore: an expired
 * lease gives the capacity back (the scaling job commands {@code RELEASE} to 0, {@code
 * LEASE_EXPIRED}), so such a key is left at 0 rather than brought back to a stale target. A command
 * applied to 0 is forgotten, as 0 is what a restarted backend runs. So the state holds at most the
 * keys that run something under a live lease.
 */
final class AppliedCommands {
    private record Key(String entity, String resource) {
        static Key of(ScaleCommand c) {
            return new Key(c.entity(), c.resource());
        }
    }

    /**
     * What a restore did: the commands applied again with the amount each brought back, the keys
     * left at 0 for their expired lease, those whose commands now go to another subtask (after a
     * change of parallelism: not brought back here, and not kept), and the failures (each naming
     * its command and why).
     */
    record Reconciled(
            Map<ScaleCommand, Double> reapplied,
            int lapsed,
            int elsewhere,
            List<String> failures) {}

    private final Map<Key, ScaleCommand> byKey = new HashMap<>();

    /** Records that {@code c} was applied and {@code amount} is now in force for its key. */
    void applied(ScaleCommand c, double amount) {
        if (amount > 0) {
            byKey.put(Key.of(c), c);
        } else {
            byKey.remove(Key.of(c));
        }
    }

    /** The commands whose lease is still running at {@code now}; the others are dropped. */
    List<ScaleCommand> snapshot(Instant now) {
        byKey.values().removeIf(c -> !c.leaseExpiry().isAfter(now));
        return List.copyOf(byKey.values());
    }

    /**
     * Keeps each of {@code restored} that {@code owned} accepts and whose lease runs at {@code
     * now}, without applying it: a backend that keeps what it runs (the log, a webhook's receiver,
     * Kubernetes) needs nothing applied again, but the commands stay in the state, so that a later
     * actuator of a backend that restarts empty brings them back (a tester's switch from the log
     * backend to the process pool ran no workers for the entities already commanded).
     */
    void keep(Collection<ScaleCommand> restored, Predicate<ScaleCommand> owned, Instant now) {
        reconcile(restored, owned, now, null);
    }

    /**
     * Applies again each of {@code restored} that {@code owned} accepts (its key is routed to this
     * subtask) and whose lease runs at {@code now}, once, without retries: the checkpoint keeps a
     * command that fails, and its key's next command or {@code RENEW} is retried as any command.
     * Never throws for a backend failure. With no {@code backend} (null), only keeps them ({@link
     * #keep}).
     */
    Reconciled reconcile(
            Collection<ScaleCommand> restored,
            Predicate<ScaleCommand> owned,
            Instant now,
            ActuatorBackend backend) {
        Map<ScaleCommand, Double> reapplied = new HashMap<>();
        List<String> failures = new ArrayList<>();
        int lapsed = 0;
        int elsewhere = 0;
        for (ScaleCommand c : restored) {
            if (!owned.test(c)) {
                elsewhere += c.leaseExpiry().isAfter(now) ? 1 : 0;
                continue;
            }
            if (!c.leaseExpiry().isAfter(now)) {
                lapsed++;
                continue;
            }
            byKey.put(Key.of(c), c);
            if (backend == null) {
                continue;
            }
            try {
                BackendResponse r = backend.apply(c);
                applied(c, r.appliedAmount());
                reapplied.put(c, r.appliedAmount());
            } catch (RejectedCommandException | TransientBackendException | RuntimeException e) {
                // a backend's own refusal or failure by its message; a defect with its class
                String why = e instanceof RuntimeException ? e.toString() : e.getMessage();
                failures.add("command " + c.id() + " for '" + c.entity() + "': " + why);
            }
        }
        return new Reconciled(reapplied, lapsed, elsewhere, failures);
    }
}
