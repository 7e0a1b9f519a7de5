package io.prescale.connectors.actuator;

import io.prescale.model.ScaleCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * An in-memory backend that records commands, holds the last target per (entity, resource), and
 * fails as told: {@code transientFailures} times transiently, or always with a rejection when
 * {@code reject} is set. Accepts {@code replicas}/{@code replicas}, {@code cpu}/{@code millicores}
 * and {@code memory}/{@code bytes}, like the Kubernetes backend.
 */
public final class TestingActuatorBackend implements ActuatorBackend {
    private static final Map<String, String> UNITS =
            Map.of("replicas", "replicas", "cpu", "millicores", "memory", "bytes");

    public final List<ScaleCommand> applied = new ArrayList<>();
    public final Map<String, Double> state = new HashMap<>();
    public int transientFailures;

    /** When set, the transient failures are not to be retried, as a webhook's read timeout. */
    public boolean notRetried;

    public boolean reject;

    /** When set, thrown by every apply: a backend defect rather than a reported failure. */
    public RuntimeException defect;

    /** When set, the amount every apply reports instead of the command's target. */
    public Double reported;

    /** When false, {@link #inForce} cannot tell, like a webhook. */
    public boolean tellsInForce = true;

    public boolean closed;

    /** When set, the backend says it restarts empty, as the process pool does. */
    public boolean restartsEmpty;

    @Override
    public String name() {
        return "testing";
    }

    @Override
    public BackendResponse apply(ScaleCommand c)
            throws TransientBackendException, RejectedCommandException {
        if (defect != null) {
            throw defect;
        }
        if (reject) {
            throw new RejectedCommandException("resource '" + c.resource() + "' is unknown");
        }
        String unit = UNITS.get(c.resource());
        if (unit == null) {
            throw new RejectedCommandException("resource '" + c.resource() + "' is unknown");
        }
        if (!unit.equals(c.unit())) {
            throw new RejectedCommandException(
                    "unit '" + c.unit() + "' is wrong for resource '" + c.resource() + "'");
        }
        if (transientFailures > 0) {
            transientFailures--;
            throw notRetried
                    ? TransientBackendException.notRetried("testing: no answer", null)
                    : new TransientBackendException("testing: timeout");
        }
        applied.add(c);
        state.put(key(c.entity(), c.resource()), c.targetAmount());
        return new BackendResponse(reported != null ? reported : c.targetAmount(), "ok");
    }

    @Override
    public OptionalDouble inForce(String entity, String resource) {
        return tellsInForce ? OptionalDouble.of(amount(entity, resource)) : OptionalDouble.empty();
    }

    /** The amount in force, or 0 when nothing was applied (or after close). */
    public double amount(String entity, String resource) {
        return state.getOrDefault(key(entity, resource), 0.0);
    }

    private static String key(String entity, String resource) {
        return entity + "/" + resource;
    }

    @Override
    public boolean restartsEmpty() {
        return restartsEmpty;
    }

    @Override
    public void close() {
        closed = true;
        state.clear();
    }
}
