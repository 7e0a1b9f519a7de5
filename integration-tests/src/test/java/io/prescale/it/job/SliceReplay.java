package io.prescale.it.job;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A slice of a real trace replayed two ways with the same settings (cpu_max_pct, 5-minute steps, L
 * = 2, target violation 1 %): through {@code prescale backtest --policy prescale}, and through
 * {@link PredictiveScalingJob} on a MiniCluster with a real Kafka broker, whose committed commands
 * are read back with read_committed.
 */
final class SliceReplay {
    static final Path TRACE = TestData.shared("azure-vm-2017.csv.gz");
    static final Duration STEP = Duration.ofMinutes(5);

    private SliceReplay() {}

    /** The samples of the first {@code entities} VMs of the trace before {@code end}. */
    static List<MetricSample> slice(int entities, Instant end) {
        Set<String> vms = new HashSet<>(TraceSamples.firstEntities(TRACE, entities));
        return TraceSamples.read(TRACE, vms::contains).stream()
                .filter(s -> s.ts().isBefore(end))
                .toList();
    }

    /** The backtest's allocations of the slice: entity → step → allocation. */
    static Map<String, TreeMap<Instant, Double>> backtest(List<MetricSample> slice, Path dir)
            throws Exception {
        Path csv = writeSlice(slice, dir.resolve("slice.csv"));
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
        return readAllocations(out.resolve("prescale/allocations.csv"));
    }

    /**
     * Runs the job over the slice and returns the commands committed to its commands topic; {@code
     * extraArgs} are further {@code -Dkey=value} options.
     */
    static List<ScaleCommand> runJob(
            KafkaService kafka, List<MetricSample> slice, String... extraArgs) throws Exception {
        String metrics = kafka.createTopic("metrics", 2, false);
        String commands = kafka.createTopic("commands", 2, false);
        List<Replayer.Payload> payloads = new ArrayList<>();
        slice.forEach(s -> payloads.add(new Replayer.Payload(s.entity(), SampleFormats.json(s))));
        Replayer.send(kafka.bootstrapServers(), metrics, payloads, n -> {});
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "-Dkafka.bootstrap-servers=" + kafka.bootstrapServers(),
                                "-Dkafka.bounded=true",
                                "-Dkafka.group-id=slice-" + metrics,
                                "-Dtopics.metrics=" + metrics,
                                "-Dtopics.commands=" + commands,
                                "-Dtopics.windows=" + kafka.createTopic("windows", 1, false),
                                "-Dtopics.forecasts=" + kafka.createTopic("forecasts", 1, false),
                                "-Dtopics.deadletter=" + kafka.createTopic("deadletter", 1, false),
                                "-Dtopics.alerts=" + kafka.createTopic("alerts", 1, false),
                                "-Dkafka.transactional-id-prefix=slice-" + commands,
                                "-Dparser.max-past-skew=0",
                                "-Dwindow.size=5m",
                                "-Dallocation.demand-metric=cpu_max_pct",
                                "-Dallocation.target-violation=0.01",
                                "-Dallocation.lead-steps=2"));
        args.addAll(List.of(extraArgs));
        Configuration conf = JobConfig.fromArgs(args.toArray(String[]::new));
        Configuration flinkConf = new Configuration();
        flinkConf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConf);
        env.setParallelism(2);
        env.enableCheckpointing(1_000);
        PredictiveScalingJob.fromConfig(conf).build(env);
        env.execute("slice-replay");
        try (TopicReader<ScaleCommand> reader =
                new TopicReader<>(
                        kafka.bootstrapServers(),
                        commands,
                        b -> JsonCodec.decode(b, ScaleCommand.class))) {
            // the job has finished: read until a poll brings nothing new
            reader.poll(Duration.ofSeconds(5));
            return List.copyOf(reader.drain(Duration.ofSeconds(3)));
        }
    }

    private static Path writeSlice(List<MetricSample> slice, Path csv) throws Exception {
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
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            out.computeIfAbsent(f[1], e -> new TreeMap<>())
                    .put(Instant.parse(f[0]), Double.parseDouble(f[2]));
        }
        return out;
    }
}
