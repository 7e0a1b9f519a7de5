package io.prescale.ml.forecast.eval;

import java.util.List;

/**
 * What {@code forecast-eval} measured on one trace and metric.
 *
 * @param horizon h, the horizon scored, in steps
 * @param stepSeconds the grid step
 * @param entities entities in the trace
 * @param unscored the entities with no step scored (none past the warm-up and the first h steps, or
 *     all of those in a gap), in the trace's order
 * @param scoredSteps entity-steps scored (each entity's first day is warm-up, not scored)
 * @param gapSteps entity-steps past the warm-up with no sample in the trace (its value repeated
 *     over a gap), not scored
 * @param warmupSteps steps of warm-up per entity
 * @param models the members, the reference {@code naive-1d} ({@link SeasonalNaiveReference}), then
 *     the ensemble
 * @param config the stack's config, as text
 */
public record EvalReport(
        int horizon,
        long stepSeconds,
        int entities,
        List<String> unscored,
        long scoredSteps,
        long gapSteps,
        long warmupSteps,
        List<ModelScore> models,
        String config) {
    public EvalReport {
        models = List.copyOf(models);
        unscored = List.copyOf(unscored);
    }

    /** The entities with a step scored. */
    public int entitiesScored() {
        return entities - unscored.size();
    }

    /** The score of {@code name}. */
    public ModelScore model(String name) {
        return models.stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no model " + name));
    }
}
