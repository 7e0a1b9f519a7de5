package io.prescale.cli;

import io.prescale.cli.infra.EmbeddedKafka;
import io.prescale.cli.kafka.TopicReader;
import io.prescale.cli.replay.ExpectedWindows;
import io.prescale.cli.replay.Replayer;
import io.prescale.cli.replay.SampleFormats;
import io.prescale.cli.replay.TraceSamples;
import io.prescale.connectors.kafka.Topics;
import io.prescale.jobs.JobConfig;
import io.prescale.jobs.PredictiveScalingJob;
import io.prescale.model.DeadLetter;
import io.prescale.model.Forecast;
import io.prescale.model.JsonCodec;
import io.prescale.model.MetricSample;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The demo: an embedded Kafka broker and a Flink MiniCluster, a bundled slice of a real trace
 * replayed through the job, live progress, and a summary checked against the slice itself.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Replays a bundled slice of a real trace (10 Azure VMs, one day) through the"
                    + " predictive scaling job on an embedded Kafka broker and a Flink"
                    + " MiniCluster, and prints a summary of what the job saw."
        })
final class DemoCommand implements Callable<Integer> {
    private static final String BUNDLED = "/demo/azure-vm-2017-slice.csv.gz";

    @Option(names = "--trace", description = "Trace CSV to replay instead of the bundled slice.")
    Path trace;

    @Option(
            names = "--entities",
            defaultValue = "10",
            description = "Entities to replay (default 10).")
    int entities;

    @Option(names = "--window", defaultValue = "15m", description = "Window size (default 15m).")
    String window;

    @Option(
            names = "--influx",
            description = "Also write to this InfluxDB (e.g. http://127.0.0.1:8086).")
    String influxUrl;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Duration windowSize = parseWindow();
        Path slice = trace != null ? trace : extractBundled();
        List<String> chosen = TraceSamples.firstEntities(slice, entities);
        List<MetricSample> samples = TraceSamples.read(slice, new HashSet<>(chosen)::contains);
        out.printf(
                "replaying %d samples of %d entities from %s%n",
                samples.size(), chosen.size(), slice);

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            for (String t :
                    List.of(
                            Topics.METRICS,
                            Topics.DEADLETTER,
                            Topics.WINDOWS,
                            Topics.FORECASTS,
                            Topics.COMMANDS,
                            Topics.ALERTS)) {
                kafka.createTopic(t, 2, false);
            }
            List<Replayer.Payload> payloads = new ArrayList<>();
            for (MetricSample s : samples) {
                payloads.add(new Replayer.Payload(s.entity(), SampleFormats.json(s)));
            }
            List<Replayer.Payload> malformed = malformedExamples();
            payloads.addAll(malformed);
            Replayer.send(
                    bootstrap,
                    Topics.METRICS,
                    payloads,
                    n -> System.err.printf("\rproduced %d/%d records", n, payloads.size()));
            System.err.println();

            Map<ExpectedWindows.Key, ExpectedWindows.Totals> expected =
                    ExpectedWindows.of(samples, windowSize, "");
            List<String> jobArgs =
                    new ArrayList<>(
                            List.of(
                                    "-Dkafka.bootstrap-servers=" + bootstrap,
                                    "-Dkafka.bounded=true",
                                    "-Dparser.max-past-skew=0",
                                    "-Dwindow.size=" + window,
                                    "-Dallocation.demand-metric=cpu_max_pct",
                                    "-Dcheckpoint.interval=5s"));
            if (influxUrl != null) {
                jobArgs.add("-Dinflux.url=" + influxUrl);
            }
            var conf = JobConfig.fromArgs(jobArgs.toArray(String[]::new));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
            env.enableCheckpointing(5_000);
            PredictiveScalingJob.fromConfig(conf).build(env);
            long started = System.nanoTime();
            JobClient job = env.executeAsync("prescale-demo");
            try (TopicReader<WindowAggregate> windows =
                            reader(bootstrap, Topics.WINDOWS, WindowAggregate.class);
                    TopicReader<Forecast> forecasts =
                            reader(bootstrap, Topics.FORECASTS, Forecast.class);
                    TopicReader<DeadLetter> dead =
                            reader(bootstrap, Topics.DEADLETTER, DeadLetter.class);
                    TopicReader<ScaleCommand> commands =
                            reader(bootstrap, Topics.COMMANDS, ScaleCommand.class)) {
                // a local environment shuts its MiniCluster down with the job: watch the result
                CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
                while (!result.isDone()) {
                    progress(windows, forecasts, dead, expected.size());
                }
                result.get();
                windows.pollUntil(expected.size(), Duration.ofSeconds(10));
                forecasts.pollUntil(expected.size(), Duration.ofSeconds(10));
                dead.pollUntil(malformed.size(), Duration.ofSeconds(10));
                progress(windows, forecasts, dead, expected.size());
                commands.poll(Duration.ofSeconds(2));
                System.err.println();
                double seconds = (System.nanoTime() - started) / 1e9;
                return DemoSummary.print(
                        out,
                        new DemoSummary.Outcome(
                                chosen,
                                samples.size(),
                                malformed.size(),
                                expected,
                                windows.records(),
                                forecasts.records(),
                                dead.records(),
                                commands.records(),
                                seconds));
            }
        }
    }

    private Duration parseWindow() {
        try {
            return TimeUtils.parseDuration(window);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this),
                    "--window: '" + window + "' is not a duration (e.g. 15m)");
        }
    }

    private static <T> TopicReader<T> reader(String bootstrap, String topic, Class<T> type) {
        return new TopicReader<>(bootstrap, topic, bytes -> JsonCodec.decode(bytes, type));
    }

    private static void progress(
            TopicReader<?> windows, TopicReader<?> forecasts, TopicReader<?> dead, int expected) {
        windows.poll(Duration.ofMillis(300));
        forecasts.poll(Duration.ofMillis(100));
        dead.poll(Duration.ofMillis(100));
        System.err.printf(
                "\rwindows %d/%d  forecasts %d  dead letters %d",
                windows.records().size(),
                expected,
                forecasts.records().size(),
                dead.records().size());
    }

    /** Three kinds of bad record the job must dead-letter, to show that it does. */
    private static List<Replayer.Payload> malformedExamples() {
        return List.of(
                new Replayer.Payload(
                        "bad-1", "{\"entity\":\"vm-x\",\"ts\":".getBytes(StandardCharsets.UTF_8)),
                new Replayer.Payload(
                        "bad-2",
                        "cpu,host=vm-x usage=NaN 1483228800000000000"
                                .getBytes(StandardCharsets.UTF_8)),
                new Replayer.Payload(
                        "bad-3",
                        "{\"ts\":\"2017-01-01T00:00:00Z\",\"metrics\":{\"cpu\":1}}"
                                .getBytes(StandardCharsets.UTF_8)));
    }

    private static Path extractBundled() throws Exception {
        Path file = Files.createTempFile("prescale-demo-", ".csv.gz");
        file.toFile().deleteOnExit();
        try (InputStream in = DemoCommand.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException(
                        "bundled trace " + BUNDLED + " is missing from the CLI jar");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
