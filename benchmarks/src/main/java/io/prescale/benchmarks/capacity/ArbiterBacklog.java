package io.prescale.benchmarks.capacity;

import io.prescale.jobs.JobConfig;
import io.prescale.jobs.JobSettings;
import io.prescale.model.ScaleCommand;
import io.prescale.operators.allocation.AllocationRequest;
import io.prescale.operators.capacity.ArbiterOperator;
import java.time.Instant;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.state.StateBackendLoader;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * The capacity arbiter of one pool over a backlog: {@code N} entities of the pool send a request
 * for each of {@code S} 5-minute steps, and the watermark either follows each step ({@code steady},
 * as a live feed moves it) or passes all of them at once at the end ({@code burst}, as after a
 * replay of a whole trace, when the source holds its watermark while it reads the backlog). The
 * arbiter keeps each entity's requests queued until their round, in the entity's entry of its keyed
 * state, so a burst of S steps makes entries of up to S requests; on RocksDB each new request reads
 * and writes its entity's whole entry. Prints the wall time of the requests and of the final
 * watermark (its rounds), and their sum per request. Run in the arbiter operator's test harness
 * (its state backend real, generic types off), one thread.
 *
 * <p>Usage: {@code ArbiterBacklog N S hashmap|rocksdb steady|burst}.
 */
public final class ArbiterBacklog {
    private static final long STEP = 300_000;
    private static final long T0 = Instant.parse("2017-01-01T00:00:00Z").toEpochMilli();

    private ArbiterBacklog() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException(
                    "usage: ArbiterBacklog N S hashmap|rocksdb steady|burst");
        }
        int n = Integer.parseInt(args[0]);
        int steps = Integer.parseInt(args[1]);
        Configuration backend = new Configuration();
        backend.set(StateBackendOptions.STATE_BACKEND, args[2]);
        boolean burst = args[3].equals("burst");
        // capacity below the summed requests (20-49 each): every round cuts
        JobSettings s =
                JobSettings.from(JobConfig.fromArgs("-Dcapacity.limits=default/cpu:" + n * 30));
        KeyedOneInputStreamOperatorTestHarness<String, AllocationRequest, ScaleCommand> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new ArbiterOperator(s.capacity()),
                        AllocationRequest::poolKey,
                        Types.STRING);
        ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig())
                .setGenericTypes(false);
        h.setStateBackend(
                StateBackendLoader.loadStateBackendFromConfig(
                        backend, ArbiterBacklog.class.getClassLoader(), null));
        h.open();
        long start = System.nanoTime();
        for (int k = 0; k < steps; k++) {
            long end = T0 + (k + 1) * STEP - 1;
            Instant issued = Instant.ofEpochMilli(end + 1);
            for (int e = 0; e < n; e++) {
                h.processElement(request(e, k, issued), end);
            }
            if (!burst) {
                h.processWatermark(new Watermark(end));
            }
        }
        long requested = System.nanoTime();
        h.processWatermark(new Watermark(T0 + (steps + 1) * STEP));
        long done = System.nanoTime();
        int commands = h.getOutput().size();
        h.close();
        System.out.printf(
                "%,d entities x %d steps, %s, %s: requests %.1f s, final watermark %.1f s,"
                        + " %.0f us a request; %,d records out%n",
                n,
                steps,
                args[2],
                args[3],
                (requested - start) / 1e9,
                (done - requested) / 1e9,
                (done - start) / 1e3 / ((long) n * steps),
                commands);
    }

    private static AllocationRequest request(int entity, int step, Instant issued) {
        return new AllocationRequest(
                "vm-" + entity,
                "default",
                "cpu",
                "pct",
                entity % 3,
                20 + (entity * 7 + step) % 30,
                0,
                0,
                "SCALE_UP_FORECAST",
                0.99,
                2,
                0.9,
                issued,
                issued.plusMillis(STEP),
                issued.plusMillis(5 * STEP));
    }
}
