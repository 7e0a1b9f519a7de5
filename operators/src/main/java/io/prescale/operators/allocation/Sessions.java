package io.prescale.operators.allocation;

import io.prescale.ml.session.BottleneckState;
import io.prescale.ml.session.BottleneckTracker;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The session rules of {@link SessionSettings}: classes, timers, expiry and bottlenecks. */
final class Sessions {
    private final SessionSettings settings;
    private final long stepMillis;
    private final Pattern classPattern;
    private final BottleneckTracker bottlenecks;

    Sessions(AllocationSettings all) {
        this.settings = all.session();
        this.stepMillis = all.step().toMillis();
        this.classPattern =
                settings.classPattern() == null ? null : Pattern.compile(settings.classPattern());
        this.bottlenecks =
                new BottleneckTracker(settings.reclassSteps(), settings.reclassMinPressure());
    }

    /** A session whose last active step is {@code lastStep}, its timer at the end of the next. */
    EntitySession open(String entity, long lastStep, long hintsUntilMillis) {
        return new EntitySession(
                null,
                className(entity, null),
                lastStep,
                (lastStep + 2) * stepMillis,
                hintsUntilMillis,
                BottleneckState.none(),
                null);
    }

    /** The class: the pattern's first group over the entity name, else the tenant, else null. */
    String className(String entity, String tenant) {
        if (classPattern != null) {
            Matcher m = classPattern.matcher(entity);
            return m.find() && m.group(1) != null && !m.group(1).isBlank() ? m.group(1) : null;
        }
        return tenant;
    }

    /**
     * The step at whose start the session's timer ends it when no data comes: the end of its first
     * step {@code g} without data for which it is {@linkplain #expired expired}.
     */
    long endStep(EntitySession s) {
        long timeout = settings.inactivityTimeout().toMillis();
        return s.lastStep() + Math.floorDiv(timeout + stepMillis - 1, stepMillis) + 1;
    }

    /** Whether the session has had no data from step {@code lastStep + 1} through {@code g}. */
    boolean expired(EntitySession s, long g) {
        return (g - s.lastStep()) * stepMillis >= settings.inactivityTimeout().toMillis();
    }

    BottleneckState observe(BottleneckState st, List<String> names, List<Double> pressures) {
        double[] p = new double[pressures.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = pressures.get(i);
        }
        return bottlenecks.observe(st, names.toArray(String[]::new), p);
    }

    /** The move from {@code before} to {@code after}, or null when the bottleneck stayed. */
    static Reclassification.Move move(
            BottleneckState before,
            BottleneckState after,
            List<String> names,
            List<Double> pressures) {
        if (!BottleneckTracker.reclassified(before, after)) {
            return null;
        }
        int from = names.indexOf(before.resource());
        int to = names.indexOf(after.resource());
        return new Reclassification.Move(
                before.resource(),
                after.resource(),
                from < 0 ? Double.NaN : pressures.get(from),
                pressures.get(to));
    }
}
