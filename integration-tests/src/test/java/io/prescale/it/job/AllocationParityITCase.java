package io.prescale.it.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.prescale.cli.Prescale;
import io.prescale.cli.kafka.TopicReader;
import io.prescale.cli.replay.Replayer;
import io.prescale.cli.replay.SampleFormats;
import io.prescale.cli.replay.TraceSamples;
import io.prescale.it.services.KafkaService;
import io.prescale.jobs.JobConfig;
import io.prescale.jobs.PredictiveScalingJob;
import io.prescale.model.JsonCodec;
import io.prescale.model.MetricSample;
import io.prescale.model.ScaleCommand;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parity: the commands the streaming job commits (read with read_committed) give, entity by entity
 * and step by step, the allocations that {@code prescale backtest --policy prescale} writes for the
 * same slice (5 Azure VMs, 2 days, cpu_max_pct, 5-minute steps, L = 2, 1 %).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AllocationParityITCase {
    private static final Path TRACE = TestData.shared("azure-vm-2017.csv.gz");
    private static final Instant END = Instant.parse("2017-01-03T00:00:00Z");

    /** allocations.csv holds six decimals. */
    private static final double CSV_PRECISION = 5e-7;

    @RegisterExtension static final KafkaService KAFKA = new KafkaService();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    @Test
    void committedCommandsEqualTheBacktestAllocations() throws Exception {
        Set<String> vms = new HashSet<>(TraceSamples.firstEntities(TRACE, 5));
        List<MetricSample> slice =
                TraceSamples.read(TRACE, vms::contains).stream()
                        .filter(s -> s.ts().isBefore(END))
                        .toList();

        Path csv = writeSlice(slice);
        Path out = dir.resolve("bt");
        assertThat(
                        Prescale.execute(
                                "backtest",
                                "--trace",
                                csv.toString(),
                                "--metric",
                                "cpu_max_pct",
                                "--policy",
                                "prescale",
                                "--target-violation",
                                "0.01",
                                "--lead",
                                "2",
                                "--out",
                                out.toString()))
                .isZero();
        Map<String, TreeMap<Instant, Double>> backtest =
                readAllocations(out.resolve("prescale/allocations.csv"));

        List<ScaleCommand> commands = runJob(slice);
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
    }

    private List<ScaleCommand> runJob(List<MetricSample> slice) throws Exception {
        String metrics = KAFKA.createTopic("metrics", 2, false);
        String commands = KAFKA.createTopic("commands", 2, false);
        List<Replayer.Payload> payloads = new ArrayList<>();
        slice.forEach(s -> payloads.add(new Replayer.Payload(s.entity(), SampleFormats.json(s))));
        Replayer.send(KAFKA.bootstrapServers(), metrics, payloads, n -> {});
        Configuration conf =
                JobConfig.fromArgs(
                        "-Dkafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                        "-Dkafka.bounded=true",
                        "-Dkafka.group-id=parity-" + metrics,
                        "-Dtopics.metrics=" + metrics,
                        "-Dtopics.commands=" + commands,
                        "-Dtopics.windows=" + KAFKA.createTopic("windows", 1, false),
                        "-Dtopics.forecasts=" + KAFKA.createTopic("forecasts", 1, false),
                        "-Dtopics.deadletter=" + KAFKA.createTopic("deadletter", 1, false),
                        "-Dtopics.alerts=" + KAFKA.createTopic("alerts", 1, false),
                        "-Dkafka.transactional-id-prefix=parity-" + commands,
                        "-Dparser.max-past-skew=0",
                        "-Dwindow.size=5m",
                        "-Dallocation.demand-metric=cpu_max_pct",
                        "-Dallocation.target-violation=0.01",
                        "-Dallocation.lead-steps=2");
        Configuration flinkConf = new Configuration();
        flinkConf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConf);
        env.setParallelism(2);
        env.enableCheckpointing(1_000);
        PredictiveScalingJob.fromConfig(conf).build(env);
        env.execute("allocation-parity");
        try (TopicReader<ScaleCommand> reader =
                new TopicReader<>(
                        KAFKA.bootstrapServers(),
                        commands,
                        b -> JsonCodec.decode(b, ScaleCommand.class))) {
            reader.poll(Duration.ofSeconds(5));
            return List.copyOf(reader.drain(Duration.ofSeconds(2)));
        }
    }

    /** The allocation in force at {@code t}: the newest command needed by then. */
    private static double inForce(List<ScaleCommand> commands, Instant t) {
        double a = Double.NaN;
        for (ScaleCommand c : commands) {
            if (!c.neededBy().isAfter(t)) {
                a = c.targetAmount();
            }
        }
        return a;
    }

    private Path writeSlice(List<MetricSample> slice) throws Exception {
        Path csv = dir.resolve("slice.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("timestamp,entity,metric,value\n");
            for (MetricSample s : slice) {
                for (Map.Entry<String, Double> m : s.metrics().entrySet()) {
                    w.write(
                            s.ts()
                                    + ","
                                    + s.entity()
                                    + ","
                                    + m.getKey()
                                    + ","
                                    + m.getValue()
                                    + "\n");
                }
            }
        }
        return csv;
    }

    private static Map<String, TreeMap<Instant, Double>> readAllocations(Path csv)
            throws Exception {
        Map<String, TreeMap<Instant, Double>> out = new TreeMap<>();
        for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            String[] f = line.split(",");
            out.computeIfAbsent(f[1], e -> new TreeMap<>())
                    .put(Instant.parse(f[0]), Double.parseDouble(f[2]));
        }
        return out;
    }
}
