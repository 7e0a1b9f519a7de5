package io.prescale.benchmarks.actuation;

import io.prescale.cli.infra.EmbeddedKafka;
import io.prescale.cli.infra.LocalCluster;
import io.prescale.cli.kafka.TopicReader;
import io.prescale.cli.replay.Replayer;
import io.prescale.jobs.ActuatorJob;
import io.prescale.jobs.JobConfig;
import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import io.prescale.model.JsonCodec;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Commands applied per second by the {@code ActuatorJob} with the {@code log} backend: N commands
 * (E entities, N / E versions each, in version order) on a real Kafka broker (in-JVM KRaft), read
 * with read_committed, through the version gate and the actuator sink, every result published to
 * the actuations topic. The job runs bounded on a local MiniCluster.
 *
 * <p>Two rates per round: <b>apply rate</b> = N / (time of the last result − time of the first),
 * from the results' own timestamps (the sink's clock at apply), so start-up is excluded; <b>steady
 * rate</b>, the same between the 10th and 90th percentile of those timestamps (JIT warm-up
 * excluded); and <b>job rate</b> = N / wall time from submission to the end of the job, start-up
 * included. Each round uses fresh topics. The log backend's per-command INFO line is below the
 * benchmark's WARN threshold, so the figure is the actuator's machinery, not console output.
 *
 * <p>Usage: {@code ActuatorThroughput [COMMANDS] [ENTITIES] [ROUNDS] [PARALLELISM]}, defaults
 * 100000 1000 3 2.
 */
public final class ActuatorThroughput {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private ActuatorThroughput() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int entities = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int parallelism = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        List<Replayer.Payload> payloads = commands(n, entities);
        List<Double> applyRates = new ArrayList<>();
        List<Double> jobRates = new ArrayList<>();
        List<Double> steadyRates = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            for (int r = 1; r <= rounds; r++) {
                String commands = "bench-commands-" + r;
                String results = "bench-actuations-" + r;
                kafka.createTopic(commands, 2, false);
                kafka.createTopic(results, 2, false);
                Replayer.send(kafka.bootstrapServers(), commands, payloads, k -> {});
                long t0 = System.nanoTime();
                run(kafka.bootstrapServers(), commands, results, parallelism);
                double jobSeconds = (System.nanoTime() - t0) / 1e9;
                List<ActuationResult> got = read(kafka.bootstrapServers(), results, n);
                check(got, n);
                Duration span = span(got);
                steadyRates.add(steadyRate(got));
                applyRates.add(n / (span.toNanos() / 1e9));
                jobRates.add(n / jobSeconds);
                System.out.printf(
                        "round %d: %d commands, %d results all APPLIED; apply span %.2f s ="
                                + " %.0f commands/s (steady %.0f); job wall %.2f s = %.0f"
                                + " commands/s%n",
                        r,
                        n,
                        got.size(),
                        span.toNanos() / 1e9,
                        applyRates.get(r - 1),
                        steadyRates.get(r - 1),
                        jobSeconds,
                        jobRates.get(r - 1));
            }
        }
        System.out.printf(
                "median over %d rounds (parallelism %d): apply %.0f commands/s, steady %.0f"
                        + " commands/s, job (with start-up) %.0f commands/s%n",
                rounds, parallelism, median(applyRates), median(steadyRates), median(jobRates));
    }

    /** {@code n} commands over {@code entities} entities, versions 1, 2, ... per entity. */
    static List<Replayer.Payload> commands(int n, int entities) {
        List<Replayer.Payload> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String entity = "e-" + (i % entities);
            long version = i / entities + 1;
            ScaleCommand c =
                    new ScaleCommand(
                            entity + "/" + version,
                            entity,
                            "cpu",
                            ScaleAction.SCALE_UP,
                            1 + version % 7,
                            "pct",
                            0,
                            version,
                            "benchmark",
                            0.99,
                            2,
                            0.9,
                            0,
                            T0.plusSeconds(version * 300),
                            T0.plusSeconds(version * 300 + 600),
                            T0.plusSeconds(version * 300 + 900));
            out.add(new Replayer.Payload(entity, JsonCodec.encode(c)));
        }
        return out;
    }

    private static void run(String bootstrap, String commands, String results, int parallelism)
            throws Exception {
        Configuration conf =
                JobConfig.fromArgs(
                        "-Dkafka.bootstrap-servers=" + bootstrap,
                        "-Dkafka.bounded=true",
                        "-Dactuator.group-id=bench-" + commands,
                        "-Dtopics.commands=" + commands,
                        "-Dtopics.actuations=" + results,
                        "-Dactuator.backend=log");
        Configuration flink = new Configuration();
        flink.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(
                        parallelism, LocalCluster.loopback(flink));
        env.enableCheckpointing(10_000);
        ActuatorJob.fromConfig(conf).build(env);
        env.execute("actuator-throughput");
    }

    private static List<ActuationResult> read(String bootstrap, String topic, int n) {
        try (TopicReader<ActuationResult> reader =
                new TopicReader<>(
                        bootstrap, topic, b -> JsonCodec.decode(b, ActuationResult.class))) {
            reader.pollUntil(n, Duration.ofMinutes(2));
            return List.copyOf(reader.records());
        }
    }

    private static void check(List<ActuationResult> results, int n) {
        long applied = results.stream().filter(r -> r.status() == ActuationStatus.APPLIED).count();
        if (results.size() != n || applied != n) {
            throw new IllegalStateException(
                    "expected "
                            + n
                            + " APPLIED results, got "
                            + results.size()
                            + " ("
                            + applied
                            + " APPLIED)");
        }
    }

    private static Duration span(List<ActuationResult> results) {
        Instant first = results.stream().map(ActuationResult::time).min(Instant::compareTo).get();
        Instant last = results.stream().map(ActuationResult::time).max(Instant::compareTo).get();
        return Duration.between(first, last);
    }

    /**
     * The rate between the 10th and the 90th percentile of the results' times: 0.8 N / (t90 − t10),
     * which leaves out the JIT warm-up at the start and the stragglers at the end.
     */
    private static double steadyRate(List<ActuationResult> results) {
        List<Instant> times = results.stream().map(ActuationResult::time).sorted().toList();
        int lo = times.size() / 10;
        int hi = times.size() * 9 / 10;
        double seconds = Duration.between(times.get(lo), times.get(hi)).toNanos() / 1e9;
        return (hi - lo) / seconds;
    }

    static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.size() % 2 == 1
                ? s.get(s.size() / 2)
                : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }
}
