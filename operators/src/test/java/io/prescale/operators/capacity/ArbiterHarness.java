package io.prescale.operators.capacity;

import io.prescale.model.ScaleCommand;
import io.prescale.operators.Harnesses;
import io.prescale.operators.allocation.AllocationRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * Requests on a 5-minute grid with lead L = 2 and a harness of the arbiter with Kryo fallback
 * disabled ({@code pipeline.generic-types: false}), so every state type needs a real serializer.
 */
final class ArbiterHarness {
    static final Duration STEP = Duration.ofMinutes(5);
    static final Instant T0 = Instant.parse("2017-01-01T00:00:00Z");
    static final int LEAD = 2;
    static final String POOL_KEY = "default/cpu";

    /** The lease of every request (after the step it is needed by), and the shadow's. */
    static final Duration LEASE = Duration.ofDays(1);

    private ArbiterHarness() {}

    static KeyedOneInputStreamOperatorTestHarness<String, AllocationRequest, ScaleCommand> open(
            ArbiterSettings settings) throws Exception {
        var h = create(settings);
        h.open();
        return h;
    }

    static KeyedOneInputStreamOperatorTestHarness<String, AllocationRequest, ScaleCommand> create(
            ArbiterSettings settings) throws Exception {
        return create(settings, Harnesses.defaultBackend());
    }

    /** As {@link #create(ArbiterSettings)}, on the state backend named. */
    static KeyedOneInputStreamOperatorTestHarness<String, AllocationRequest, ScaleCommand> create(
            ArbiterSettings settings, String backend) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new ArbiterOperator(settings), AllocationRequest::poolKey, Types.STRING);
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        h.getExecutionConfig().configure(conf, ArbiterHarness.class.getClassLoader());
        h.setStateBackend(Harnesses.backend(backend));
        return h;
    }

    /**
     * The commands of {@code h} as the ledger sends them for entities that hold no grant of another
     * pool: without the zero-to-zero ones a pool puts out for an entity it denies before ever
     * commanding it ({@code PoolRound#zeroForLedger}).
     */
    static List<ScaleCommand> sent(
            KeyedOneInputStreamOperatorTestHarness<String, AllocationRequest, ScaleCommand> h) {
        return h.extractOutputValues().stream()
                .filter(c -> c.targetAmount() != 0 || c.previousAmount() != 0)
                .toList();
    }

    static ArbiterSettings capacity(double capacity) {
        return settings(capacity, 0, false);
    }

    /**
     * One pool of {@code capacity} and {@code quantum}, shadow decay 0.5, shadow commands or not.
     */
    static ArbiterSettings settings(double capacity, double quantum, boolean shadowCommands) {
        return new ArbiterSettings(
                java.util.Map.of(POOL_KEY, capacity),
                quantum > 0 ? java.util.Map.of(POOL_KEY, quantum) : java.util.Map.of(),
                STEP,
                new ShadowSettings(0.5, shadowCommands, LEASE, 0),
                Duration.ofDays(7));
    }

    /**
     * One step of a pool whose shadow holds: three tier-0 entities ask 40 each of a pool of 100 in
     * quanta of 10 ({@code settings(100, 10, ...)}), so each is cut to 30 and 10 stays free; their
     * predicted increase, 3 · (40 − 30), keeps the shadow at those 10 at every step.
     */
    static void steadyShadowStep(
            KeyedOneInputStreamOperatorTestHarness<String, AllocationRequest, ScaleCommand> h,
            long s)
            throws Exception {
        for (String entity : new String[] {"a", "b", "c"}) {
            h.processElement(at(decision(entity, 0, 40, s)));
        }
        closeWindow(h, s);
    }

    static Instant step(long s) {
        return T0.plus(STEP.multipliedBy(s));
    }

    /** The regular decision made at the end of window {@code s}, for step {@code s + L}. */
    static AllocationRequest decision(String entity, int tier, double amount, long s) {
        return request(entity, tier, amount, 0, s, s + LEAD);
    }

    /** A request decided at the end of window {@code s} for step {@code forStep}. */
    static AllocationRequest request(
            String entity, int tier, double amount, double speculative, long s, long forStep) {
        return request(new Ask(entity, tier, amount, speculative), s, forStep, LEASE);
    }

    /** What an entity asks: its tier, amount and the pre-warm part of it. */
    record Ask(String entity, int tier, double amount, double speculative) {}

    /**
     * The request of {@code ask} decided at the end of window {@code s} for step {@code forStep},
     * whose lease ends {@code lease} after that step.
     */
    static AllocationRequest request(Ask ask, long s, long forStep, Duration lease) {
        return request(ask, s, forStep, lease, "SCALE_UP_FORECAST forecast=" + ask.amount());
    }

    /**
     * A silent step's request, decided at the step timer after window {@code s} for step {@code s +
     * L}: the gap rule's release of {@code amount}, no data since window {@code s - 1} ended.
     */
    static AllocationRequest silent(String entity, int tier, double amount, long s) {
        return request(
                new Ask(entity, tier, amount, 0),
                s,
                s + LEAD,
                LEASE,
                "RELEASE_DECAY" + AllocationRequest.NO_DATA + step(s));
    }

    private static AllocationRequest request(
            Ask ask, long s, long forStep, Duration lease, String reason) {
        return new AllocationRequest(
                ask.entity(),
                "default",
                "cpu",
                "pct",
                ask.tier(),
                ask.amount(),
                ask.speculative(),
                0,
                reason,
                0.99,
                LEAD,
                0.5,
                step(s + 1),
                step(forStep),
                step(forStep).plus(lease));
    }

    /** {@code r} sent to {@code pool}, for {@code reason}, leased until {@code leaseExpiry}. */
    static AllocationRequest with(
            AllocationRequest r, String pool, String reason, Instant leaseExpiry) {
        return new AllocationRequest(
                r.entity(),
                pool,
                r.resource(),
                r.unit(),
                r.tier(),
                r.amount(),
                r.speculative(),
                r.floor(),
                reason,
                r.quantileLevel(),
                r.horizonSteps(),
                r.confidence(),
                r.issuedAt(),
                r.neededBy(),
                leaseExpiry);
    }

    /** The record as the window operator would stamp it: the window's last millisecond. */
    static StreamRecord<AllocationRequest> at(AllocationRequest r) {
        return new StreamRecord<>(r, r.issuedAt().toEpochMilli() - 1);
    }

    /** Advances the watermark to the end of window {@code s}: the round of that step runs. */
    static void closeWindow(
            KeyedOneInputStreamOperatorTestHarness<String, AllocationRequest, ScaleCommand> h,
            long s)
            throws Exception {
        h.processWatermark(step(s + 1).toEpochMilli() - 1);
    }
}
