package io.prescale.operators.capacity;

import io.prescale.model.ScaleCommand;
import io.prescale.operators.allocation.AllocationRequest;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * The capacity arbiter's operator, keyed by {@link AllocationRequest#poolKey()}: runs {@link
 * ArbiterFunction} and keeps the requests of each round of a pool in a list of their own, under the
 * round as the state's namespace (as Flink's window operator keeps a window's elements). A request
 * is appended as it comes in, which RocksDB does without reading anything, and its round takes the
 * list whole. The requests of a backlog, which arrive steps ahead of the watermark, so cost the
 * same each as those of a live stream; kept in their entities' entries, RocksDB read and wrote
 * every queued request again with each new one, so that a burst of S steps cost S²/2 copies per
 * entity ({@code ArbiterBacklog} in benchmarks/).
 */
public final class ArbiterOperator
        extends KeyedProcessOperator<String, AllocationRequest, ScaleCommand> {
    private final ArbiterFunction arbiter;
    private transient ListStateDescriptor<AllocationRequest> round;

    public ArbiterOperator(ArbiterSettings settings) {
        this(new ArbiterFunction(settings));
    }

    private ArbiterOperator(ArbiterFunction arbiter) {
        super(arbiter);
        this.arbiter = arbiter;
    }

    @Override
    public void open() throws Exception {
        round = new ListStateDescriptor<>("round-requests", AllocationRequest.type());
        arbiter.keepRoundsIn(
                new ArbiterFunction.RoundRequests() {
                    @Override
                    public void add(long at, AllocationRequest r) throws Exception {
                        of(at).add(r);
                    }

                    @Override
                    public List<AllocationRequest> take(long at) throws Exception {
                        ListState<AllocationRequest> kept = of(at);
                        List<AllocationRequest> taken = new ArrayList<>();
                        Iterable<AllocationRequest> all = kept.get();
                        if (all != null) {
                            all.forEach(taken::add);
                            kept.clear();
                        }
                        return taken;
                    }
                });
        super.open();
    }

    private ListState<AllocationRequest> of(long at) throws Exception {
        return getPartitionedState(at, LongSerializer.INSTANCE, round);
    }
}
