package io.prescale.cli.demo;

import io.prescale.cli.infra.EmbeddedKafka;
import io.prescale.cli.infra.LocalCluster;
import io.prescale.cli.kafka.TopicSnapshot;
import io.prescale.cli.replay.ExpectedWindows;
import io.prescale.cli.replay.Replayer;
import io.prescale.cli.replay.SampleFormats;
import io.prescale.connectors.kafka.Topics;
import io.prescale.jobs.ActuatorJob;
import io.prescale.jobs.JobConfig;
import io.prescale.jobs.JobOptions;
import io.prescale.jobs.PredictiveScalingJob;
import io.prescale.ml.trace.ProgressLine;
import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import io.prescale.model.DeadLetter;
import io.prescale.model.Forecast;
import io.prescale.model.JsonCodec;
import io.prescale.model.MetricSample;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;

/**
 * One run of the demo on a started broker and cluster: the actuator job (unbounded, process-pool
 * backend) and the scaling job (bounded by the replayed slice) side by side, live progress until
 * every command has its result, then the worker processes are counted, the actuator is stopped, and
 * what is left is counted again.
 */
public final class DemoPipeline {
    public static final String DEMAND_METRIC = "cpu_max_pct";
    private static final Duration CHECKPOINTS = Duration.ofSeconds(2);
    private static final Duration SETTLE = Duration.ofSeconds(DemoRun.SETTLE_SECONDS);
    private static final Duration READ = Duration.ofSeconds(60);

    private final EmbeddedKafka kafka;
    private final LocalCluster cluster;
    private final Duration window;
    private final double cpuPerWorker;
    private final Optional<DemoInflux> influx;

    public DemoPipeline(
            EmbeddedKafka kafka,
            LocalCluster cluster,
            Duration window,
            double cpuPerWorker,
            Optional<DemoInflux> influx) {
        this.kafka = kafka;
        this.cluster = cluster;
        this.window = window;
        this.cpuPerWorker = cpuPerWorker;
        this.influx = influx;
    }

    public DemoRun run(List<String> entities, List<MetricSample> samples, PrintStream err)
            throws Exception {
        long started = System.nanoTime();
        createTopics();
        Configuration conf = JobConfig.fromArgs(jobArgs().toArray(String[]::new));
        JobID actuator =
                cluster.submit(
                        "prescale-actuator",
                        CHECKPOINTS,
                        env -> ActuatorJob.fromConfig(conf).build(env));
        int malformed = replay(samples, err);
        Configuration bounded = new Configuration(conf);
        bounded.set(JobOptions.KAFKA_BOUNDED, true);
        JobID scaling =
                cluster.submit(
                        "prescale-scaling",
                        CHECKPOINTS,
                        env -> PredictiveScalingJob.fromConfig(bounded).build(env));
        int alerts = follow(scaling, samples.size(), err);

        List<ScaleCommand> commands = read(Topics.COMMANDS, ScaleCommand.class);
        List<ActuationResult> results = read(Topics.ACTUATIONS, ActuationResult.class);
        Map<String, Integer> workersAtEnd = WorkerProcesses.liveByEntity();
        cluster.cancel(actuator, Duration.ofMinutes(1));
        int workersLeft = WorkerProcesses.live();
        List<WindowAggregate> windows = read(Topics.WINDOWS, WindowAggregate.class);
        Map<ExpectedWindows.Key, ExpectedWindows.Totals> expected =
                ExpectedWindows.of(samples, window, "");
        return new DemoRun(
                entities,
                samples.size(),
                malformed,
                DEMAND_METRIC,
                cpuPerWorker,
                windows,
                expected.size(),
                matched(windows, expected),
                read(Topics.FORECASTS, Forecast.class),
                commands,
                results,
                read(Topics.DEADLETTER, DeadLetter.class),
                alerts,
                workersAtEnd,
                expectedWorkers(results),
                workersLeft,
                influx.map(DemoInflux::toString).orElse("none written"),
                (System.nanoTime() - started) / 1e9);
    }

    private void createTopics() {
        for (String t :
                List.of(
                        Topics.METRICS,
                        Topics.DEADLETTER,
                        Topics.WINDOWS,
                        Topics.FORECASTS,
                        Topics.COMMANDS,
                        Topics.ACTUATIONS,
                        Topics.ALERTS)) {
            kafka.createTopic(t, 2, false);
        }
    }

    /** Sends the samples as JSON plus three malformed records; returns how many malformed. */
    private int replay(List<MetricSample> samples, PrintStream err) {
        List<Replayer.Payload> payloads = new ArrayList<>();
        samples.forEach(s -> payloads.add(new Replayer.Payload(s.entity(), SampleFormats.json(s))));
        List<Replayer.Payload> malformed = malformedExamples();
        payloads.addAll(malformed);
        ProgressLine line = ProgressLine.on(new PrintWriter(err));
        Replayer.send(
                kafka.bootstrapServers(),
                Topics.METRICS,
                payloads,
                n -> line.show("replayed " + n + "/" + payloads.size() + " records"));
        line.end();
        return malformed.size();
    }

    private List<String> jobArgs() {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "-Dkafka.bootstrap-servers=" + kafka.bootstrapServers(),
                                "-Dparser.max-past-skew=0",
                                "-Dwindow.size=" + window.toSeconds() + "s",
                                "-Dallocation.demand-metric=" + DEMAND_METRIC,
                                "-Dallocation.resource=cpu",
                                "-Dallocation.unit=pct",
                                "-Dactuator.backend=process-pool",
                                "-Dactuator.process-pool.command=" + WorkerProcesses.COMMAND,
                                "-Dactuator.process-pool.resource=cpu:pct",
                                "-Dactuator.process-pool.amount-per-worker=" + cpuPerWorker,
                                "-Dactuator.process-pool.max-processes=256",
                                "-Dactuator.process-pool.grace-period=3s"));
        if (window.compareTo(JobOptions.SESSION_INACTIVITY_TIMEOUT.defaultValue()) > 0) {
            // a session's inactivity timeout is at least one window
            args.add("-Dsession.inactivity-timeout=" + window.toSeconds() + "s");
        }
        influx.ifPresent(i -> args.addAll(i.jobArgs()));
        return args;
    }

    /**
     * Shows progress until the scaling job has finished and every committed command has its result,
     * or, once the job has ended, {@link #SETTLE} passes without a new result (a slow actuator on a
     * loaded machine is waited for as long as it makes progress); returns the alerts seen.
     */
    private int follow(JobID scaling, int samples, PrintStream err) throws Exception {
        try (DemoProgress progress =
                new DemoProgress(
                        kafka.bootstrapServers(),
                        List.of(
                                Topics.WINDOWS,
                                Topics.FORECASTS,
                                Topics.COMMANDS,
                                Topics.ACTUATIONS,
                                Topics.ALERTS,
                                Topics.DEADLETTER),
                        samples,
                        ProgressLine.on(new PrintWriter(err)))) {
            long settleBy = Long.MAX_VALUE;
            int commandsTotal = Integer.MAX_VALUE;
            int resultsSeen = 0;
            while (true) {
                progress.update();
                if (settleBy == Long.MAX_VALUE && cluster.isDone(scaling)) {
                    cluster.await(scaling, Duration.ofSeconds(10));
                    // the job has ended: all its commands are committed, count them exactly
                    commandsTotal = read(Topics.COMMANDS, ScaleCommand.class).size();
                    settleBy = System.nanoTime() + SETTLE.toNanos();
                }
                if (settleBy != Long.MAX_VALUE && progress.actuations() > resultsSeen) {
                    resultsSeen = progress.actuations();
                    settleBy = System.nanoTime() + SETTLE.toNanos();
                }
                if (progress.actuations() >= commandsTotal || System.nanoTime() > settleBy) {
                    progress.end();
                    return progress.alerts();
                }
            }
        }
    }

    /** Workers the last applied result of each entity stands for (entities with none left out). */
    private Map<String, Integer> expectedWorkers(List<ActuationResult> results) {
        Map<String, Integer> out = new TreeMap<>();
        results.stream()
                .filter(r -> r.status() == ActuationStatus.APPLIED)
                .sorted(Comparator.comparingLong(ActuationResult::version))
                .forEach(
                        r ->
                                out.put(
                                        r.entity(),
                                        (int) Math.round(r.appliedAmount() / cpuPerWorker)));
        out.values().removeIf(n -> n == 0);
        return out;
    }

    private static int matched(
            List<WindowAggregate> windows,
            Map<ExpectedWindows.Key, ExpectedWindows.Totals> expected) {
        int matched = 0;
        for (WindowAggregate w : windows) {
            ExpectedWindows.Totals t =
                    expected.get(new ExpectedWindows.Key(w.entity(), w.metric(), w.windowStart()));
            if (t != null
                    && t.count() == w.count()
                    && Math.abs(t.mean() - w.mean()) <= 1e-9 * Math.max(1, Math.abs(t.mean()))) {
                matched++;
            }
        }
        return matched;
    }

    private <T> List<T> read(String topic, Class<T> type) {
        return TopicSnapshot.read(
                kafka.bootstrapServers(), topic, b -> JsonCodec.decode(b, type), READ);
    }

    /** Three kinds of bad record the job must dead-letter, to show that it does. */
    private static List<Replayer.Payload> malformedExamples() {
        return List.of(
                new Replayer.Payload("bad-1", bytes("{\"entity\":\"vm-x\",\"ts\":")),
                new Replayer.Payload("bad-2", bytes("cpu,host=vm-x usage=NaN 1483228800000000000")),
                new Replayer.Payload(
                        "bad-3",
                        bytes("{\"ts\":\"2017-01-01T00:00:00Z\",\"metrics\":{\"cpu\":1}}")));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
