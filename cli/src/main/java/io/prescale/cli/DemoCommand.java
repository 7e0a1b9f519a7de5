package io.prescale.cli;

import io.prescale.cli.demo.DemoInflux;
import io.prescale.cli.demo.DemoPipeline;
import io.prescale.cli.demo.DemoReport;
import io.prescale.cli.demo.DemoRun;
import io.prescale.cli.demo.InfluxProbe;
import io.prescale.cli.demo.WorkerProcesses;
import io.prescale.cli.infra.EmbeddedKafka;
import io.prescale.cli.infra.LocalCluster;
import io.prescale.cli.replay.TraceSamples;
import io.prescale.ml.trace.Plural;
import io.prescale.model.MetricSample;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The full demo: an embedded Kafka broker; both jobs on one Flink MiniCluster (the scaling job and
 * the actuator job with the process-pool backend running real local worker processes); a bundled
 * slice of a real trace replayed; InfluxDB when one is found; live progress; a summary and a
 * self-contained HTML report. Worker processes are stopped at the end and on Ctrl-C.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Replays a bundled slice of a real trace (Azure VMs, one day) through the predictive"
                    + " scaling job and the actuator job on an embedded Kafka broker and a Flink"
                    + " MiniCluster. The actuator runs real local worker processes per VM (the"
                    + " process-pool backend); InfluxDB is written when one answers (--influx URL,"
                    + " PRESCALE_INFLUX_URL, else http://127.0.0.1:8086 or the port"
                    + " PRESCALE_INFLUX_PORT gives). Ends with a summary and an"
                    + " HTML report."
        })
final class DemoCommand implements Callable<Integer> {
    private static final String BUNDLED = "/demo/azure-vm-2017-slice.csv.gz";

    @Option(names = "--trace", description = "Trace CSV to replay instead of the bundled slice.")
    Path trace;

    @Option(
            names = "--entities",
            defaultValue = "10",
            description = "Entities to replay (default ${DEFAULT-VALUE}).")
    int entities;

    @Option(
            names = "--window",
            defaultValue = "15m",
            description = "Window size (default ${DEFAULT-VALUE}).")
    String window;

    @Option(
            names = "--influx",
            description = "Write to this InfluxDB (e.g. http://127.0.0.1:8086); it must answer.")
    String influxUrl;

    @Option(
            names = "--influx-db",
            defaultValue = DemoInflux.DEFAULT_DATABASE,
            description =
                    "InfluxDB database to write to, created when missing (default"
                            + " ${DEFAULT-VALUE}).")
    String influxDatabase;

    @Option(names = "--no-influx", description = "Write to no InfluxDB even if one answers.")
    boolean noInflux;

    @Option(
            names = "--cpu-per-worker",
            defaultValue = "25",
            description =
                    "CPU percent one worker process stands for: a VM allocated a%% runs"
                            + " ceil(a / this) workers (default ${DEFAULT-VALUE}).")
    double cpuPerWorker;

    @Option(
            names = "--out",
            defaultValue = ".prescale/demo",
            description = "Directory of the report (default ${DEFAULT-VALUE}).")
    Path out;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Duration windowSize = validated();
        PrintStream stdout = System.out;
        Path slice = trace != null ? trace : extractBundled();
        List<String> chosen = TraceSamples.firstEntities(slice, entities);
        List<MetricSample> samples = TraceSamples.read(slice, new HashSet<>(chosen)::contains);
        requireDemandMetric(slice, samples);
        Optional<DemoInflux> influx = influx();
        stdout.printf(
                "replaying %s of %s%s from %s; InfluxDB: %s%n",
                Plural.of(samples.size(), "sample"),
                Plural.of(chosen.size(), "entity", "entities"),
                chosen.size() < entities ? " (all the trace has; --entities " + entities + ")" : "",
                trace != null ? slice : "the bundled Azure slice",
                influx.map(DemoInflux::toString)
                        .orElse(
                                noInflux
                                        ? "off (--no-influx)"
                                        : "none (start one with ./prescale infra up, or --influx"
                                                + " URL)"));
        Thread cleanup = new Thread(WorkerProcesses::killAll, "prescale-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        DemoRun run;
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                LocalCluster cluster = LocalCluster.start(4)) {
            DemoPipeline pipeline =
                    new DemoPipeline(kafka, cluster, windowSize, cpuPerWorker, influx);
            run = pipeline.run(chosen, samples, System.err);
        } finally {
            WorkerProcesses.killAll();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        DemoSummary.print(stdout, run);
        Path report = out.resolve("report.html").toAbsolutePath().normalize();
        DemoReport.write(report, run);
        stdout.println("  report                 " + report);
        return run.ok() ? 0 : 1;
    }

    /**
     * The demo allocates from {@value DemoPipeline#DEMAND_METRIC}: a trace without it would run to
     * a success with nothing allocated and nothing checked.
     */
    private void requireDemandMetric(Path slice, List<MetricSample> samples) {
        Set<String> metrics = new TreeSet<>();
        samples.forEach(m -> metrics.addAll(m.metrics().keySet()));
        if (!metrics.contains(DemoPipeline.DEMAND_METRIC)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--trace "
                            + slice
                            + ": the demo allocates from "
                            + DemoPipeline.DEMAND_METRIC
                            + ", which its first entities do not have (their metrics: "
                            + (metrics.isEmpty() ? "none" : String.join(", ", metrics))
                            + "); prescale run with -Dallocation.demand-metric=NAME takes others");
        }
    }

    private Optional<DemoInflux> influx() {
        if (noInflux) {
            return Optional.empty();
        }
        try {
            return InfluxProbe.find(influxUrl).map(url -> new DemoInflux(url, influxDatabase));
        } catch (IllegalArgumentException e) {
            if (influxUrl == null) {
                // PRESCALE_INFLUX_URL's problem, the environment's: no usage after it
                throw e;
            }
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Runs a check of the options, its {@link IllegalArgumentException} a usage error. */
    private void asUsage(Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Duration validated() {
        if (influxUrl != null) {
            asUsage(() -> InfluxProbe.requireHttpUrl(influxUrl));
        }
        if (trace != null) {
            PathOptions.requireInputFile(spec, "--trace", trace);
        }
        asUsage(() -> DemoInflux.requireDatabaseName(influxDatabase));
        if (entities < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--entities must be >= 1, was " + entities);
        }
        if (!(cpuPerWorker > 0)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--cpu-per-worker must be > 0, was " + cpuPerWorker);
        }
        Duration size;
        try {
            size = TimeUtils.parseDuration(window);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--window: '" + window + "' is not a duration (e.g. 15m)");
        }
        if (size.toMillis() < 1000) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--window must be at least 1 s, was '" + window + "'");
        }
        PathOptions.prepare(spec, "--out", out); // last: a usage error leaves no --out behind
        return size;
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
