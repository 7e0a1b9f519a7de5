package io.prescale.operators;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/** Opens operator test harnesses as the job runs: Kryo off, optionally restored from a snapshot. */
public final class Harnesses {
    private Harnesses() {}

    /**
     * Turns generic types off ({@code pipeline.generic-types: false}), restores {@code restore}
     * when it is not null, and opens {@code h}.
     */
    public static <H extends AbstractStreamOperatorTestHarness<?>> H open(
            H h, OperatorSubtaskState restore) throws Exception {
        ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig())
                .setGenericTypes(false);
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }
}
