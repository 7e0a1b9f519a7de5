package io.prescale.ml.policy;

/**
 * The reference autoscalers of the shared data README ({@link ReferenceKind}), so that the backtest
 * scores them with the same code and the same rules as prescale: the decision for {@code t = s + L}
 * is made at step s from demands up to s.
 *
 * <p>Every rule is linear in the knob ({@code a = scale · statistic}), and the reactive tolerance
 * is a ratio, so a run with scale 1 scaled afterwards equals a run with that scale.
 */
public final class ReferencePolicy implements AllocationPolicy<ReferenceState> {
    /**
     * The top of the VPA histogram's range, in the metric's unit: 10<sup>15</sup> holds memory or
     * network in bytes (VPA's own memory histogram stops at 10<sup>12</sup> bytes). Values above it
     * are counted in the last bucket. Widening it appends buckets and moves none, so the figures of
     * series below the old top, 10<sup>7</sup>, are unchanged.
     */
    static final double VPA_MAX_VALUE = 1e15;

    private final ReferenceConfig config;
    private final LogBuckets buckets;
    private final double growth;

    public ReferencePolicy(ReferenceConfig config) {
        this.config = config;
        this.buckets = LogBuckets.covering(config.firstBucketSize(), 1.05, VPA_MAX_VALUE);
        this.growth = Math.pow(2, 1.0 / config.stepsPerDay());
    }

    public ReferenceConfig config() {
        return config;
    }

    @Override
    public String name() {
        return config.kind().policyName();
    }

    @Override
    public int leadSteps() {
        return config.leadSteps();
    }

    @Override
    public ReferenceState start(long gridStep, ClassProfile profile, DecisionSlot out) {
        int ring = config.kind() == ReferenceKind.SEASONAL ? 7 * config.stepsPerDay() : 2;
        double[] histogram =
                config.kind() == ReferenceKind.VPA || config.kind() == ReferenceKind.VPA_TUNED
                        ? DecayingHistogram.empty(buckets)
                        : new double[0];
        double initial = profile == null ? 0 : profile.startAllocation();
        out.set(
                gridStep,
                initial,
                DecisionReason.REFERENCE_RULE,
                Double.NaN,
                Double.NaN,
                Double.NaN);
        return new ReferenceState(
                new double[ring],
                histogram,
                new double[] {initial, 0},
                new long[] {gridStep, gridStep - 1});
    }

    @Override
    public void step(ReferenceState state, long gridStep, double demand, DecisionSlot out) {
        double[] h = state.history();
        long s = gridStep;
        long[] steps = state.lastStep();
        // a gap repeats the previous value, as the README's grid does
        double previous = h[(int) Math.floorMod(steps[1], (long) h.length)];
        for (long g = Math.max(steps[1] + 1, s - h.length + 1); g < s; g++) {
            h[(int) Math.floorMod(g, (long) h.length)] = previous;
        }
        h[(int) Math.floorMod(s, (long) h.length)] = demand;
        steps[1] = s;
        double[] sc = state.scalars();
        sc[ReferenceState.PEAK] = Math.max(sc[ReferenceState.PEAK], demand);
        double target =
                switch (config.kind()) {
                    case REACTIVE ->
                            Math.max(demand, h[(int) Math.floorMod(s - 1, (long) h.length)])
                                    * config.scale();
                    case SEASONAL -> seasonal(h, s, steps[0]) * config.scale();
                    case VPA, VPA_TUNED -> vpa(state.histogram(), demand) * config.scale();
                    case STATIC_PEAK -> sc[ReferenceState.PEAK] * config.scale();
                };
        double current = sc[ReferenceState.ALLOCATION];
        double next = target;
        if (config.tolerance() > 0
                && current > 0
                && Math.abs(target / current - 1) <= config.tolerance()) {
            next = current;
        }
        sc[ReferenceState.ALLOCATION] = next;
        out.set(
                s + config.leadSteps(),
                next,
                DecisionReason.REFERENCE_RULE,
                target,
                Double.NaN,
                Double.NaN);
    }

    /**
     * max(d_{t−1 day}, d_{t−7 days}, d_s) for t = s + L, a lag left out before the entity's data.
     */
    private double seasonal(double[] h, long s, long firstStep) {
        long t = s + config.leadSteps();
        long day = config.stepsPerDay();
        double a = h[(int) Math.floorMod(s, (long) h.length)];
        // the ring holds the last 7 days, so d_{t−7 days} (t − 7 days > s − 7 days) is in it
        if (t - day >= firstStep) {
            a = Math.max(a, h[(int) Math.floorMod(t - day, (long) h.length)]);
        }
        if (t - 7 * day >= firstStep) {
            a = Math.max(a, h[(int) Math.floorMod(t - 7 * day, (long) h.length)]);
        }
        return a;
    }

    private double vpa(double[] histogram, double demand) {
        DecayingHistogram.add(histogram, buckets, demand, growth);
        return DecayingHistogram.quantile(histogram, buckets, config.percentile());
    }
}
