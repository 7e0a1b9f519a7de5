package io.prescale.ml.capacity;

import java.util.Objects;

/**
 * What an entity gets, with the reason and the numbers behind it.
 *
 * @param entity the entity
 * @param tier its tier
 * @param requested the amount asked, in the resource's unit
 * @param speculative the speculative part of the request
 * @param floor the request's floor
 * @param granted what is granted, in [0, requested]
 * @param reason why
 * @param layerShare the share ρ of its layer (floor, firm or speculative) that the entity's tier
 *     got in the layer where it was cut, in [0, 1], the same for every request of the tier cut
 *     there; 1 when its tier was served in full, also for a request cut only to the pool's capacity
 *     (whose cut shows in granted / requested alone)
 */
public record Grant(
        String entity,
        int tier,
        double requested,
        double speculative,
        double floor,
        double granted,
        GrantReason reason,
        double layerShare) {

    public Grant {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(reason, "reason");
        if (!(granted >= 0 && granted <= requested)) {
            throw new IllegalArgumentException(
                    entity
                            + ": granted must be in [0, requested="
                            + requested
                            + "], was "
                            + granted);
        }
        if (!(layerShare >= 0 && layerShare <= 1)) {
            throw new IllegalArgumentException(
                    entity + ": layerShare must be in [0, 1], was " + layerShare);
        }
    }

    /** What was asked but not granted, &ge; 0. */
    public double denied() {
        return requested - granted;
    }

    /**
     * The reason with its numbers, e.g. {@code CUT_PROPORTIONAL granted=12.5/20 tier=1 share=0.4};
     * amounts to 4 decimals. Built without {@code String.format}: one per command, on the hot path.
     */
    public String describe() {
        return new StringBuilder(64)
                .append(reason)
                .append(" granted=")
                .append(decimal(granted))
                .append('/')
                .append(decimal(requested))
                .append(" tier=")
                .append(tier)
                .append(" share=")
                .append(decimal(layerShare))
                .toString();
    }

    /**
     * {@code x} rounded to 4 decimals, without a trailing {@code .0} on whole numbers; from 10¹⁵ on
     * (where 4 decimals mean nothing, and {@code x·10⁴} may overflow) as Java prints it.
     */
    public static String decimal(double x) {
        if (!(Math.abs(x) < 1e15)) {
            return Double.toString(x);
        }
        double r = Math.rint(x * 1e4) / 1e4;
        if (r == Math.rint(r)) {
            return Long.toString((long) r);
        }
        return Double.toString(r);
    }
}
