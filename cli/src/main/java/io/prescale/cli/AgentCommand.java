package io.prescale.cli;

import io.prescale.agent.AgentOptions;
import io.prescale.agent.AgentRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code prescale agent}: the metric agent of the {@code agent} module, run from the CLI. */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes host or per-process CPU, memory, disk and network samples (JSON, keyed by"
                    + " entity) to Kafka every interval. Metrics: cpu_pct, mem_used_bytes,"
                    + " mem_used_pct, disk_read_bps, disk_write_bps, net_rx_bps, net_tx_bps."
        })
public final class AgentCommand implements Callable<Integer> {
    @Mixin AgentOptions options;

    @Override
    public Integer call() {
        return AgentRunner.run(options.toConfig(), System.err);
    }
}
