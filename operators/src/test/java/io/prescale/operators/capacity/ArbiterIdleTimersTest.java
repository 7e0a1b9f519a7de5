package io.prescale.operators.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.policy.DecisionReason;
import io.prescale.model.ScaleCommand;
import io.prescale.operators.allocation.AllocationRequest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/**
 * The arbiter skips the timers at which nothing can happen ({@link ArbiterEntry#activeFrom}) and
 * puts out exactly what it did when every timer read all the pool's entries: seeded random pools
 * whose entities cold-start, renew, go silent until their leases lapse and their entries are
 * forgotten, end their sessions, move between a limited and an unlimited pool, and whose requests
 * of several steps wait in queues while the watermark jumps, with the shadow pool actuated. Every
 * watermark's commands, grant records and pool usage are compared, as a digest, with those the
 * arbiter of commit 00875b0 (before the skip) put out, recorded in {@value #RECORDED}: run with
 * {@code -Dprescale.test.record-outputs=FILE} to write them instead (see {@code
 * resources/capacity/README.md}).
 */
class ArbiterIdleTimersTest {
    private static final String RECORDED = "/capacity/idle-timers-outputs.txt";
    private static final String RECORD_PROPERTY = "prescale.test.record-outputs";
    private static final long[] SEEDS = {1, 2, 3, 4};
    private static final int STEPS = 150;
    private static final int ENTITIES = 8;
    private static final String[] POOLS = {"default", "batch"};

    /**
     * "default/cpu" holds {@code capacity} in quanta of 5 (100: cut often, no shadow; 160: a
     * shadow, cut at times); "batch/cpu" is unlimited; entries are kept 1 hour after a lapse.
     */
    private static ArbiterSettings settings(double capacity) {
        return new ArbiterSettings(
                Map.of("default/cpu", capacity),
                Map.of("default/cpu", 5.0),
                ArbiterHarness.STEP,
                // every shadow change commanded, as at 00875b0, whose outputs the digests hold
                new ShadowSettings(0.5, true, Duration.ofHours(1), 0),
                Duration.ofHours(1));
    }

    @Test
    void putsOutWhatTheArbiterThatReadEveryTimerPutOut() throws Exception {
        List<String> digests = new ArrayList<>();
        for (long seed : SEEDS) {
            digests.addAll(run(seed));
        }
        String record = System.getProperty(RECORD_PROPERTY);
        if (record != null) {
            Files.write(Path.of(record), digests);
            return;
        }
        try (InputStream in = getClass().getResourceAsStream(RECORDED)) {
            List<String> recorded =
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(digests).hasSize(recorded.size()).containsExactlyElementsOf(recorded);
        }
    }

    /** One line per watermark: seed, watermark, counts of each output and their digest. */
    private static List<String> run(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        var h = ArbiterHarness.open(settings(seed <= 2 ? 100 : 160));
        Entity[] entities = new Entity[ENTITIES];
        for (int e = 0; e < ENTITIES; e++) {
            entities[e] = new Entity("vm-" + e, e % 3, POOLS[e % 2]);
        }
        List<String> lines = new ArrayList<>();
        int s = 0;
        while (s < STEPS) {
            int jump = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
            for (int k = 0; k < jump; k++, s++) {
                for (Entity e : entities) {
                    for (AllocationRequest r : e.step(s, random)) {
                        h.processElement(ArbiterHarness.at(r));
                    }
                }
            }
            ArbiterHarness.closeWindow(h, s - 1);
            lines.add(seed + " " + (s - 1) + " " + drain(h));
        }
        h.close();
        return lines;
    }

    private static String drain(
            KeyedOneInputStreamOperatorTestHarness<String, AllocationRequest, ScaleCommand> h)
            throws Exception {
        List<ScaleCommand> commands = ArbiterHarness.sent(h);
        h.getOutput().clear();
        List<?> grants = drain(h, ArbiterFunction.GRANTS);
        List<?> usage = drain(h, ArbiterFunction.POOL);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        // sorted: the backends fire the pools' timers of one watermark in different orders
        for (List<?> out : List.of(commands, grants, usage)) {
            for (String o : out.stream().map(String::valueOf).sorted().toList()) {
                sha.update((o + "\n").getBytes(StandardCharsets.UTF_8));
            }
            sha.update((byte) '|');
        }
        return commands.size()
                + " "
                + grants.size()
                + " "
                + usage.size()
                + " "
                + HexFormat.of().formatHex(sha.digest(), 0, 8);
    }

    private static <T> List<T> drain(
            KeyedOneInputStreamOperatorTestHarness<String, AllocationRequest, ScaleCommand> h,
            OutputTag<T> tag) {
        var queue = h.getSideOutput(tag);
        if (queue == null) {
            return List.of();
        }
        List<T> values = queue.stream().map(StreamRecord::getValue).toList();
        queue.clear();
        return values;
    }

    /** An entity's random walk: deciding, silent, ended, moving between the two pools. */
    private static final class Entity {
        private final String name;
        private final int tier;
        private String pool;
        private int silentUntil;

        Entity(String name, int tier, String pool) {
            this.name = name;
            this.tier = tier;
            this.pool = pool;
        }

        /** What the entity sends at step {@code s}: requests of the step, a leave, or nothing. */
        List<AllocationRequest> step(int s, SplittableRandom random) {
            if (s < silentUntil) {
                return List.of();
            }
            int draw = random.nextInt(100);
            if (draw < 5) {
                silentUntil = s + 3 + random.nextInt(40); // its leases lapse, maybe it is forgotten
                return List.of();
            }
            if (draw < 8) {
                silentUntil = s + 1 + random.nextInt(30);
                return List.of(request(s, pool, 0, 0, DecisionReason.SESSION_END.name()));
            }
            if (draw < 11) {
                String from = pool;
                pool = pool.equals(POOLS[0]) ? POOLS[1] : POOLS[0];
                return List.of(request(s, from, 0, 0, AllocationRequest.MOVED + pool));
            }
            double amount = 5 + random.nextInt(60);
            int leaseSteps = 1 + random.nextInt(6);
            List<AllocationRequest> out = new ArrayList<>();
            if (draw < 20) {
                out.add(request(s, pool, 0, amount / 2, "COLD_START"));
            }
            out.add(request(s, pool, leaseSteps, amount, "SCALE_UP_FORECAST"));
            return out;
        }

        /**
         * Decided at the end of window s for step s + L (a cold start: for s), to {@code pool},
         * leased for {@code leaseSteps} after it is needed.
         */
        private AllocationRequest request(
                int s, String pool, int leaseSteps, double amount, String reason) {
            long forStep = reason.equals("COLD_START") ? s : s + ArbiterHarness.LEAD;
            AllocationRequest r =
                    ArbiterHarness.request(name, tier, amount, amount / 4, s, forStep);
            return ArbiterHarness.with(
                    r,
                    pool,
                    reason,
                    r.neededBy().plus(ArbiterHarness.STEP.multipliedBy(leaseSteps)));
        }
    }
}
