package io.prescale.ml.policy;

/**
 * Decides, per entity and step by step, how much to allocate ahead of demand.
 *
 * <p>Time is the index of the step on the entity's grid ({@code gridStep = floor(epoch / step)}),
 * always passed in, never read. At step {@code s} the caller reports the demand {@code d_s} just
 * observed and receives the allocation for step {@code s + L} (L = the policy's lead in steps, the
 * actuation delay): the decision for {@code t} is fixed from data up to {@code t − L}.
 *
 * <p>The per-entity state {@code S} is a compact record of primitives and primitive arrays, updated
 * in place so that the replay loop allocates nothing; the streaming job stores it in keyed state.
 * The decision is written into a reusable {@link DecisionSlot}.
 *
 * @param <S> the per-entity state
 */
public interface AllocationPolicy<S> {

    /** A short name used in reports ({@code prescale}, {@code reactive}, ...). */
    String name();

    /** Lead L in grid steps: {@link #step} decides for {@code gridStep + leadSteps()}. */
    int leadSteps();

    /**
     * A fresh state for an entity first seen at {@code gridStep}; {@code profile} is the profile of
     * the entity's class, or {@code null} when there is none (then a safe default is used). {@code
     * out} receives the cold-start allocation, valid until the first decision lands.
     */
    S start(long gridStep, ClassProfile profile, DecisionSlot out);

    /**
     * Records the demand {@code demand} observed in step {@code gridStep} and writes the allocation
     * for {@code gridStep + leadSteps()} into {@code out}. Steps must be increasing; a gap means
     * missing data and is treated as expiring leases over the gap.
     */
    void step(S state, long gridStep, double demand, DecisionSlot out);
}
