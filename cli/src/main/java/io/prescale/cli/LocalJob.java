package io.prescale.cli;

import io.prescale.cli.demo.InfluxProbe;
import io.prescale.cli.infra.BrokerWatch;
import io.prescale.cli.infra.EndOffsets;
import io.prescale.cli.infra.KafkaPreflight;
import io.prescale.cli.infra.LocalCluster;
import io.prescale.connectors.Urls;
import io.prescale.jobs.CheckpointPaths;
import io.prescale.jobs.JobConfig;
import io.prescale.jobs.JobOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.executiongraph.ErrorInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs one of the jobs in a local Flink MiniCluster with job options from the command line, saying
 * where it reads and writes and, every {@link #PROGRESS_SECONDS} s while its counters move, how far
 * it got ({@link ProgressReporter}).
 */
final class LocalJob {
    static final int PROGRESS_SECONDS = 10;
    private static final Duration FAILURE_POLL = Duration.ofSeconds(1);

    private LocalJob() {}

    /**
     * The options naming a job's topics: {@code inputs}, read by name by the job's sources, must
     * exist before it starts, whatever the broker's auto-creation ({@link KafkaPreflight}); {@code
     * others} are those it writes or reads by pattern once they appear (side inputs); {@code
     * compacted} those of them that should be compacted topics (said when they are not); {@code
     * group} the consumer group the inputs are read with, for which a bounded run commits the end
     * offsets it read to ({@link EndOffsets}).
     */
    record JobTopics(
            List<ConfigOption<String>> inputs,
            List<ConfigOption<String>> others,
            List<ConfigOption<String>> compacted,
            ConfigOption<String> group) {
        JobTopics {
            inputs = List.copyOf(inputs);
            others = List.copyOf(others);
            compacted = List.copyOf(compacted);
        }
    }

    /**
     * A job a command runs.
     *
     * @param name the Flink job's name
     * @param topics the options naming the job's topics, checked before it starts ({@link
     *     KafkaPreflight})
     * @param progress the job's counters to print, in this order
     * @param graph the job made from its options, which checks those the job reads (an {@link
     *     IllegalArgumentException} naming a bad one), and what adds its graph to an environment
     * @param mode what the start line says of the job's mode, from its options
     * @param quiet what the progress says once no counter has moved for a while, null for nothing
     *     ({@link ProgressReporter#QUIET_MILLIS})
     */
    record Job(
            String name,
            JobTopics topics,
            List<String> progress,
            Function<Configuration, Consumer<StreamExecutionEnvironment>> graph,
            Function<Configuration, String> mode,
            String quiet) {
        Job {
            progress = List.copyOf(progress);
        }

        /** A job whose start line says nothing about its mode. */
        Job(
                String name,
                JobTopics topics,
                List<String> progress,
                Function<Configuration, Consumer<StreamExecutionEnvironment>> graph) {
            this(name, topics, progress, graph, conf -> "", null);
        }
    }

    /**
     * Reads the job options and makes the job first, as the job's own main does: a bad option
     * ({@code --parallelism}, a job option's key or value, a {@code --config} file that cannot be
     * read or is not YAML, a {@code kafka.bootstrap-servers} the Kafka client refuses before it
     * connects) is a usage error naming it, printed with the usage (exit code 2), before any
     * checkpoint directory or service is touched. What fails after that is the run's failure (exit
     * code 1): the checkpoint directory, the broker, the job.
     *
     * @param spec the command's; its name starts every line printed
     * @param fresh start with empty state rather than from the newest checkpoint an earlier run
     *     left ({@link ResumePoint})
     */
    static int run(CommandSpec spec, Job job, int parallelism, boolean fresh, List<String> jobArgs)
            throws Exception {
        if (parallelism < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--parallelism must be >= 1, was " + parallelism);
        }
        requireNoSlipOfOwnOption(spec, jobArgs);
        Configuration conf = usage(spec, () -> JobConfig.fromArgs(jobArgs.toArray(String[]::new)));
        // the broker of `prescale infra up` on its port, as replay, send and read default to
        String port = System.getenv("PRESCALE_KAFKA_PORT");
        if (!conf.contains(JobOptions.KAFKA_BOOTSTRAP) && port != null && !port.isBlank()) {
            conf.set(JobOptions.KAFKA_BOOTSTRAP, "127.0.0.1:" + port.strip());
        }
        Consumer<StreamExecutionEnvironment> graph = usage(spec, () -> job.graph().apply(conf));
        usage(
                spec,
                () ->
                        KafkaPreflight.requireUsableAddress(
                                JobOptions.KAFKA_BOOTSTRAP.key(),
                                conf.get(JobOptions.KAFKA_BOOTSTRAP)));
        String command = spec.name();
        JobTopics topics = job.topics();
        String prefix = "prescale " + command + ": ";
        Configuration clusterConf = new Configuration();
        ProgressReporter.configure(
                clusterConf, prefix, job.progress(), PROGRESS_SECONDS, job.quiet());
        Configuration flink = environment(command, conf, Path.of(""));
        String backend =
                flink.get(StateBackendOptions.STATE_BACKEND).strip().toLowerCase(Locale.ROOT);
        Optional<Path> dir = localDirectory(flink);
        try (LocalCheckpoints checkpoints =
                dir.isPresent()
                        ? LocalCheckpoints.open(
                                command,
                                dir.get(),
                                fresh,
                                !conf.contains(JobOptions.CHECKPOINT_DIR),
                                backend,
                                conf.get(JobOptions.KAFKA_BOUNDED),
                                System.err)
                        : LocalCheckpoints.none()) {
            Optional<Path> resume = checkpoints.resume();
            if (conf.get(JobOptions.KAFKA_BOUNDED)
                    && resume.isPresent()
                    && !checkpoints.bounded()) {
                // resumed from an unbounded run's checkpoint, it reads on as that run did: with the
                // idleness of such a run, or a partition without new records held its watermark
                // and nothing was decided (a tester's 12 hours of windows)
                conf.set(JobOptions.KAFKA_BOUNDED, false);
                graph = job.graph().apply(conf);
            }
            checkpoints.applyTo(flink);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(flink);
            env.setParallelism(parallelism);
            env.enableCheckpointing(conf.get(JobOptions.CHECKPOINT_INTERVAL).toMillis());
            graph.accept(env);
            String problem =
                    KafkaPreflight.problem(
                            conf.get(JobOptions.KAFKA_BOOTSTRAP),
                            topics.inputs().stream().map(conf::get).toList(),
                            topics.others().stream().map(conf::get).toList(),
                            KafkaPreflight.TIMEOUT,
                            KafkaPreflight.OptionNames.JOB);
            if (problem != null) {
                throw new IllegalStateException(problem);
            }
            String notCompacted =
                    KafkaPreflight.notCompacted(
                            conf.get(JobOptions.KAFKA_BOOTSTRAP),
                            topics.compacted().stream().map(conf::get).toList(),
                            KafkaPreflight.TIMEOUT);
            if (notCompacted != null) {
                System.err.println(prefix + "note: " + notCompacted);
            }
            conf.getOptional(JobOptions.INFLUX_URL)
                    .filter(url -> !InfluxProbe.answers(url))
                    .ifPresent(
                            url ->
                                    System.err.println(
                                            prefix
                                                    + "note: no InfluxDB answers "
                                                    + Urls.shown(url)
                                                    + " now; its points are kept, up to "
                                                    + conf.get(
                                                            JobOptions.INFLUX_MAX_BUFFERED_POINTS)
                                                    + " (influx.max-buffered-points), until it"
                                                    + " does, and counted in influxPointsDropped"
                                                    + " beyond"));
            System.err.println(
                    prefix
                            + job.name()
                            + " on a local MiniCluster (parallelism "
                            + parallelism
                            + ", state backend "
                            + backend
                            + "), Kafka at "
                            + conf.get(JobOptions.KAFKA_BOOTSTRAP)
                            + ", InfluxDB "
                            + conf.getOptional(JobOptions.INFLUX_URL)
                                    .map(Urls::shown)
                                    .orElse("off (influx.url unset)")
                            + job.mode().apply(conf)
                            + "; its counters every "
                            + PROGRESS_SECONDS
                            + " s while they move; Ctrl-C stops it");
            System.err.println(prefix + startingPoint(resume, fresh));
            List<String> inputs = topics.inputs().stream().map(conf::get).toList();
            EndOffsets ends =
                    conf.get(JobOptions.KAFKA_BOUNDED)
                            ? EndOffsets.before(
                                    conf.get(JobOptions.KAFKA_BOOTSTRAP),
                                    inputs,
                                    KafkaPreflight.TIMEOUT)
                            : null;
            // Ctrl-C ends the JVM through its shutdown hooks: say what the next start does
            Thread stopping =
                    new Thread(
                            () -> System.err.println(prefix + stopping(checkpoints, dir)),
                            "prescale-stopping");
            Runtime.getRuntime().addShutdownHook(stopping);
            JobID id;
            Duration ran;
            try (LocalCluster cluster = LocalCluster.start(parallelism, clusterConf);
                    BrokerWatch broker =
                            BrokerWatch.start(
                                    conf.get(JobOptions.KAFKA_BOOTSTRAP),
                                    line -> System.err.println(prefix + line))) {
                id = cluster.submit(job.name(), env);
                checkpoints.started(id);
                // a tester looked for it with ss to read the checkpoints' sizes
                spec.commandLine()
                        .getErr()
                        .println(
                                prefix
                                        + "job "
                                        + id
                                        + "; Flink's REST API at "
                                        + cluster.restAddress()
                                        + " (e.g. GET /jobs/"
                                        + id
                                        + "/checkpoints for checkpoint sizes)");
                ran = awaitSayingFailures(cluster, id, prefix, System.err, checkpoints);
            } catch (IllegalStateException e) {
                // an unrestorable checkpoint says so itself
                if (resume.isEmpty() || e instanceof LocalCheckpoints.UnrestorableException) {
                    throw e;
                }
                throw new IllegalStateException(
                        (e.getCause() == null ? e.getMessage() : cause(e.getCause()))
                                + "; it was started from "
                                + resume.get()
                                + ": --fresh starts without that state",
                        e);
            } finally {
                removeHook(stopping);
            }
            // the cluster is closed: its progress reporter has counted the last records
            spec.commandLine()
                    .getOut()
                    .println(finished(prefix, id, ran, ProgressReporter.finalCounts(prefix)));
            if (ends != null) {
                String group = conf.get(topics.group());
                int moved = ends.commitFor(group, KafkaPreflight.TIMEOUT);
                if (moved > 0) {
                    System.err.println(
                            prefix
                                    + "committed for consumer group "
                                    + group
                                    + " the end offsets of "
                                    + moved
                                    + " partition(s) of "
                                    + String.join(", ", inputs)
                                    + " that its last checkpoint had not");
                }
            }
            spec.commandLine().getErr().println(prefix + FINISHED_NOTE);
        }
        return 0;
    }

    /**
     * What a job that ended by itself leaves: Flink deletes a finished job's checkpoints, while the
     * last one it completed committed the Kafka offsets (a tester's next run started empty and read
     * nothing, its state lost; a run that ended before any checkpoint had committed nothing, and
     * the next one read the same records again).
     */
    static final String FINISHED_NOTE =
            "note: the job finished, and Flink deletes a finished job's checkpoints: the next run"
                    + " starts with empty state, reading on from where this one ended (the offsets"
                    + " it read to are committed for its consumer group); to keep the state for a"
                    + " later run, run without kafka.bounded and stop it with Ctrl-C once the data"
                    + " is through";

    /**
     * The line a job that ended by itself (a bounded run, {@code kafka.bounded}) ends with on
     * standard output: how long it ran, its id, and its counters' final sums when the progress
     * reporter left them.
     */
    static String finished(String prefix, JobID job, Duration ran, Optional<String> counts) {
        return String.format(
                Locale.ROOT,
                "%sfinished in %.1f s (job %s)%s",
                prefix,
                ran.toMillis() / 1000.0,
                job,
                counts.map(c -> ": " + c).orElse(""));
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs
        }
    }

    /**
     * What {@code read} returns; its {@link IllegalArgumentException}, a bad option, as a usage
     * error.
     */
    private static <T> T usage(CommandSpec spec, Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static String startingPoint(Optional<Path> resume, boolean fresh) {
        if (resume.isPresent()) {
            return "resumes from "
                    + resume.get()
                    + ", the newest checkpoint of an earlier run (its state and Kafka offsets);"
                    + " --fresh starts empty";
        }
        return fresh ? "starts empty (--fresh)" : "starts empty: no earlier run left a checkpoint";
    }

    /**
     * The local directory the job's checkpoints go to, if they go to one ({@code file:} URIs and
     * plain paths).
     */
    static Optional<Path> localDirectory(Configuration flink) {
        return Optional.ofNullable(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .flatMap(CheckpointPaths::local);
    }

    /**
     * The job's own Flink settings: its checkpoints go to {@code execution.checkpointing.dir}, by
     * default {@code .prescale/checkpoints/<command>} under {@code workDir}. Never the JobManager's
     * memory, Flink's default without a directory, whose 5 MiB limit fails every checkpoint of a
     * few thousand series (1.6 KiB of forecast state each), and a job restarts once more fail in a
     * row than it tolerates ({@link JobOptions#CHECKPOINT_TOLERABLE_FAILURES}, set with the other
     * job settings by {@link JobConfig#environment}). The last checkpoint is kept when the job is
     * cancelled, so that the next run can resume from it ({@link ResumePoint}).
     */
    static Configuration environment(String command, Configuration conf, Path workDir) {
        Configuration withDir = new Configuration(conf);
        if (!conf.contains(JobOptions.CHECKPOINT_DIR)) {
            Path dir = workDir.resolve(".prescale/checkpoints/" + command).toAbsolutePath();
            withDir.set(JobOptions.CHECKPOINT_DIR, CheckpointPaths.uri(dir));
        }
        Configuration flink = JobConfig.environment(withDir);
        flink.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        return flink;
    }

    /**
     * Waits for the job to end, saying each time it failed and restarts, and why: Flink itself
     * restarts silently (its logging is off on the command line). Deletes older runs' checkpoints
     * once the job has one of its own, and stops it when it cannot restore the checkpoint it was
     * started from ({@link LocalCheckpoints}), with neither its counters' last line nor its empty
     * checkpoint directory left.
     *
     * @return how long the job ran, when it finished
     */
    static Duration awaitSayingFailures(
            LocalCluster flink,
            JobID job,
            String prefix,
            PrintStream err,
            LocalCheckpoints checkpoints)
            throws Exception {
        long said = Long.MIN_VALUE;
        while (true) {
            JobStatus status = flink.status(job);
            int deleted = checkpoints.pruneOnceOwnCheckpoint(job);
            if (deleted > 0) {
                err.println(
                        prefix
                                + "deleted the checkpoints of "
                                + deleted
                                + (deleted == 1 ? " older run" : " older runs")
                                + " (this run has one of its own)");
            }
            Optional<ErrorInfo> failure = flink.lastFailure(job);
            if (failure.isPresent() && failure.get().getTimestamp() != said) {
                said = failure.get().getTimestamp();
                // a checkpoint of state the job has no operator for fails it before it runs
                String unrestorable = checkpoints.unrestorable(failure.get().getException());
                if (unrestorable != null) {
                    ProgressReporter.neverRan(prefix);
                    flink.cancel(job, Duration.ofMinutes(1));
                    checkpoints.discardOwn(job);
                    throw new LocalCheckpoints.UnrestorableException(unrestorable);
                }
                // the failure a job ends with is await's to report
                if (status != JobStatus.FAILED) {
                    err.println(
                            prefix
                                    + "the job failed and restarts from its last checkpoint: "
                                    + cause(failure.get().getException()));
                }
            }
            if (status.isGloballyTerminalState()) {
                break;
            }
            Thread.sleep(FAILURE_POLL.toMillis());
        }
        return flink.await(job, Duration.ofMinutes(1));
    }

    /**
     * A job argument that is a slip of the command's own option ({@code --parallelsim 2}) is named
     * as such: taken for a job option, it was refused with the list of every job option.
     */
    private static void requireNoSlipOfOwnOption(CommandSpec spec, List<String> jobArgs) {
        for (String arg : jobArgs) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!name.startsWith("--") || spec.findOption(name) != null) {
                continue;
            }
            for (CommandLine.Model.OptionSpec o : spec.options()) {
                String own = o.longestName();
                if (own.startsWith("--") && JobConfig.editDistance(name, own) <= 2) {
                    throw new CommandLine.ParameterException(
                            spec.commandLine(),
                            "unknown option "
                                    + name
                                    + ": did you mean "
                                    + own
                                    + " (an option of prescale "
                                    + spec.name()
                                    + ")?");
                }
            }
        }
    }

    /** What the next start does, said as a run stops (Ctrl-C). */
    private static String stopping(LocalCheckpoints checkpoints, Optional<Path> dir) {
        // an older run's, which a --fresh run leaves until it has one of its own (a tester was
        // told "nothing"), or one of this run's that completed as it stopped
        Optional<Path> next = checkpoints.resume().or(checkpoints::newestLeft);
        boolean own =
                dir.isEmpty()
                        || checkpoints.hasOwnCheckpoint()
                        || next.filter(checkpoints::isOwn).isPresent();
        if (own && checkpoints.bounded()) {
            // its checkpoints keep its stopping offsets: the next start refuses them
            return "stopping; this bounded run did not finish, and the next start refuses its"
                    + " checkpoints (they keep its stopping offsets): --fresh reads on from the"
                    + " offsets they committed for the consumer group";
        }
        if (own) {
            return "stopping; the next start resumes from this run's last checkpoint (--fresh"
                    + " starts empty)";
        }
        return "stopping; this run completed no checkpoint, so the next start resumes from "
                + next.map(chk -> chk + " again").orElse("nothing (empty state)")
                + (next.isPresent() ? " (--fresh starts empty)" : "");
    }

    /** The failure and, when another, its root cause: each the exception's class and message. */
    static String cause(Throwable failure) {
        Throwable root =
                ExceptionUtils.findThrowable(failure, t -> t.getCause() == null).orElse(failure);
        return root == failure ? failure.toString() : failure + " (root cause: " + root + ")";
    }
}
