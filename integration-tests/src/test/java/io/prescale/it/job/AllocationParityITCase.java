package io.prescale.it.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.prescale.it.services.KafkaService;
import io.prescale.it.services.MiniClusters;
import io.prescale.model.MetricSample;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parity: the commands the streaming job commits (read with read_committed) give, entity by entity
 * and step by step, the allocations that {@code prescale backtest --policy prescale} writes for the
 * same slice (5 Azure VMs, 2 days, cpu_max_pct, 5-minute steps, L = 2, 1 %), RENEW commands of the
 * allocation in force included.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AllocationParityITCase {
    private static final Instant END = Instant.parse("2017-01-03T00:00:00Z");

    /** allocations.csv holds six decimals. */
    private static final double CSV_PRECISION = 5e-7;

    @RegisterExtension static final KafkaService KAFKA = new KafkaService();

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

    @TempDir Path dir;

    @Test
    void committedCommandsEqualTheBacktestAllocations() throws Exception {
        List<MetricSample> slice = SliceReplay.slice(5, END);
        Map<String, TreeMap<Instant, Double>> backtest = SliceReplay.backtest(slice, dir);

        List<ScaleCommand> commands = SliceReplay.runJob(KAFKA, slice);
        assertThat(commands)
                .extracting(c -> c.entity() + "@" + c.version())
                .doesNotHaveDuplicates();
        int compared = 0;
        for (Map.Entry<String, TreeMap<Instant, Double>> e : backtest.entrySet()) {
            List<ScaleCommand> mine =
                    commands.stream()
                            .filter(c -> c.entity().equals(e.getKey()))
                            .sorted(Comparator.comparingLong(ScaleCommand::version))
                            .toList();
            for (Map.Entry<Instant, Double> step : e.getValue().entrySet()) {
                assertThat(inForce(mine, step.getKey()))
                        .as("%s at %s", e.getKey(), step.getKey())
                        .isCloseTo(step.getValue(), within(CSV_PRECISION));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(5 * 576);
        // a steady amount is renewed every half lease and commanded again, as a RENEW of itself
        assertThat(commands)
                .filteredOn(c -> c.action() == ScaleAction.RENEW)
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.previousAmount()).isEqualTo(c.targetAmount()));
    }

    /**
     * The allocation in force at {@code t}: the newest command needed by then, 0 before the first
     * (an entity's first command is its first grant above 0).
     */
    private static double inForce(List<ScaleCommand> commands, Instant t) {
        double a = 0;
        for (ScaleCommand c : commands) {
            if (!c.neededBy().isAfter(t)) {
                a = c.targetAmount();
            }
        }
        return a;
    }
}
