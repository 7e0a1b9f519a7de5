package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.prescale.cli.infra.LocalCluster;
import io.prescale.jobs.CheckpointPaths;
import io.prescale.jobs.JobConfig;
import io.prescale.jobs.PredictiveScalingJob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.flink.util.FlinkRuntimeException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prescale run} and {@code actuate} checkpoint to files, never to the JobManager's memory,
 * whose 5 MiB limit failed every checkpoint of about 3,000 series and restarted the job for ever.
 */
class LocalJobCheckpointsTest {
    private static final int STATE_BYTES = 6 << 20;

    @TempDir Path dir;

    @Test
    void checkpointsGoToFilesUnderTheWorkingDirectoryByDefault() {
        Configuration env = LocalJob.environment("run", JobConfig.fromArgs(), dir);
        assertThat(env.get(CheckpointingOptions.CHECKPOINT_STORAGE)).isEqualTo("filesystem");
        assertThat(env.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo("file://" + dir + "/.prescale/checkpoints/run");
    }

    /** One failed checkpoint does not restart prescale run's job (Flink's default 0 did). */
    @Test
    void oneFailedCheckpointIsTolerated() {
        Configuration env = LocalJob.environment("run", JobConfig.fromArgs(), dir);
        assertThat(env.get(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER)).isEqualTo(1);
    }

    /**
     * The checkpoint timeout of the job options reaches prescale run's job (Flink's by default).
     */
    @Test
    void theCheckpointTimeoutIsTheJobOptions() {
        Configuration env = LocalJob.environment("run", JobConfig.fromArgs(), dir);
        assertThat(env.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT))
                .isEqualTo(Duration.ofMinutes(4));
        Configuration conf = JobConfig.fromArgs("-Dexecution.checkpointing.timeout=2 min");
        assertThat(
                        LocalJob.environment("run", conf, dir)
                                .get(CheckpointingOptions.CHECKPOINTING_TIMEOUT))
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void flinksOwnOptionNamesTheDirectory() {
        Configuration env =
                LocalJob.environment(
                        "actuate",
                        JobConfig.fromArgs("-Dexecution.checkpointing.dir=file:///var/ckpt"),
                        dir);
        assertThat(env.get(CheckpointingOptions.CHECKPOINT_STORAGE)).isEqualTo("filesystem");
        assertThat(env.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo("file:///var/ckpt");
    }

    @Test
    @Timeout(60)
    void aJobWithMoreThanFiveMibOfKeyedStateCheckpoints() throws Exception {
        StreamExecutionEnvironment env = runEnvironment(Duration.ofHours(1)); // one checkpoint
        ticks(env, Long.MAX_VALUE, 20)
                .keyBy(i -> 0L, Types.LONG)
                .process(new OneLargeState())
                .sinkTo(new DiscardingSink<>());
        try (LocalCluster flink = LocalCluster.start(1)) {
            JobID job = flink.submit("large-state", env);
            String checkpoint = checkpointHoldingTheState(flink, job);
            assertThat(CheckpointPaths.local(checkpoint).orElseThrow())
                    .startsWith(dir.resolve(".prescale/checkpoints/run"));
            assertThat(largestFile(dir)).isGreaterThan(STATE_BYTES);
            flink.cancel(job, Duration.ofSeconds(30));
        }
    }

    @Test
    @Timeout(120)
    void aLaterRunResumesFromTheLastCheckpointOfACancelledOne() throws Exception {
        resumesFromTheLastCheckpointOfACancelledRun(dir);
    }

    /**
     * A working directory with a space in its path: the checkpoints were written under {@code
     * my%20dir} (a percent-encoded URI, which Flink reads literally) and the next run, looking in
     * {@code my dir}, started empty.
     */
    @Test
    @Timeout(120)
    void aRunInADirectoryWithASpaceResumes() throws Exception {
        resumesFromTheLastCheckpointOfACancelledRun(dir.resolve("my dir"));
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().contains("%"));
    }

    /** The same with the directory given as a plain path (it was not locked or resumed). */
    @Test
    @Timeout(120)
    void aCheckpointDirectoryWithASpaceResumes() throws Exception {
        resumesFromTheLastCheckpointOfACancelledRun(
                dir, "-Dexecution.checkpointing.dir=" + dir.resolve("my checkpoints"));
    }

    /**
     * On RocksDB with incremental checkpoints: the checkpoint found is the directory whose {@code
     * _metadata} refers to the files in the run's {@code shared/}, and restores from them.
     */
    @Test
    @Timeout(120)
    void aRunOnRocksDbResumesFromItsIncrementalCheckpoint() throws Exception {
        Path checkpoint =
                resumesFromTheLastCheckpointOfACancelledRun(
                        dir,
                        "-Dstate.backend.type=rocksdb",
                        "-Dexecution.checkpointing.incremental=true");
        assertThat(checkpoint.resolveSibling("shared")).isNotEmptyDirectory();
    }

    /** Resumes a second run from the first's last checkpoint, which it returns. */
    private Path resumesFromTheLastCheckpointOfACancelledRun(Path workDir, String... jobArgs)
            throws Exception {
        Configuration first = LocalJob.environment("run", JobConfig.fromArgs(jobArgs), workDir);
        Path checkpoint;
        Counts.reset();
        try (LocalCluster flink = LocalCluster.start(1)) {
            JobID job = flink.submit("counts", counting(withCheckpoints(first)));
            while (Counts.HIGHEST.get() < 10) {
                Thread.sleep(50);
            }
            checkpoint = CheckpointPaths.local(flink.checkpoint(job)).orElseThrow();
            flink.cancel(job, Duration.ofSeconds(30));
        }
        Configuration later = LocalJob.environment("run", JobConfig.fromArgs(jobArgs), workDir);
        try (LocalCheckpoints checkpoints = open(later)) {
            assertThat(checkpoints.resume()).contains(checkpoint);
            checkpoints.applyTo(later);
        }
        Counts.reset();
        try (LocalCluster flink = LocalCluster.start(1)) {
            JobID job = flink.submit("counts", counting(withCheckpoints(later)));
            while (Counts.FIRST.get() < 0) {
                Thread.sleep(50);
            }
            flink.cancel(job, Duration.ofSeconds(30));
        }
        assertThat(Counts.FIRST.get())
                .as("the count the second run found")
                .isGreaterThanOrEqualTo(10);
        return checkpoint;
    }

    @Test
    @Timeout(120)
    void aCheckpointOfStateWrittenOtherwiseStopsTheJobInsteadOfRestartingIt() throws Exception {
        Refused refused =
                restoreInto(
                        env -> counting(ticks(env, Long.MAX_VALUE, 50)),
                        env ->
                                ticks(env, Long.MAX_VALUE, 50)
                                        .keyBy(i -> 0L, Types.LONG)
                                        .process(new CountsAsText())
                                        .sinkTo(new DiscardingSink<>()));
        assertThat(refused.thrown())
                .isInstanceOf(LocalCheckpoints.UnrestorableException.class)
                .hasMessageContaining("cannot be restored into this job")
                .hasMessageContaining("--fresh");
        assertThat(refused.done()).isTrue();
        assertThat(refused.printed()).as("neither a restart nor a counters line").isEmpty();
        assertThat(refused.jobDirectories()).containsExactly(refused.resumed().getParent());
    }

    /**
     * A checkpoint of a source whose uid the job no longer has (a Kafka source resumed with another
     * topic, whose uid names it: {@link io.prescale.jobs.KafkaWiring#sourceUid}) stops the job at
     * start-up with what changed and the way out: restored, the source read its old topic too.
     */
    @Test
    @Timeout(120)
    void aCheckpointOfAnotherTopicsSourceStopsTheJobNamingTheChangedTopic() throws Exception {
        Refused refused =
                restoreInto(
                        env -> counting(ticks(env, Long.MAX_VALUE, 50).uid("metrics-source")),
                        env ->
                                counting(
                                        ticks(env, Long.MAX_VALUE, 50)
                                                .uid("metrics-source@t7.test")));
        assertThat(refused.thrown())
                .isInstanceOf(LocalCheckpoints.UnrestorableException.class)
                .hasMessageStartingWith(
                        "the checkpoint "
                                + refused.resumed()
                                + " was written under other settings: it holds state this"
                                + " job has no operator for, such as the offsets of a Kafka"
                                + " topic it no longer reads (a topics.* option changed")
                .hasMessageEndingWith(
                        "; run with the settings it was written under, or --fresh to start"
                                + " without it");
        assertThat(refused.done()).isTrue();
        assertThat(refused.printed()).as("neither a restart nor a counters line").isEmpty();
        assertThat(refused.jobDirectories()).containsExactly(refused.resumed().getParent());
    }

    /**
     * A checkpoint of a prescale from before the scaling job's sinks had uids (and before the run
     * noted its backend) holds sink state under generated ids: {@code prescale run} restores the
     * rest, saying so, rather than refusing it as state of an operator it has not.
     */
    @Test
    @Timeout(120)
    void aCheckpointFromBeforeTheSinksHadUidsIsRestoredButForTheirState() throws Exception {
        Counts.reset();
        Path chk;
        try (LocalCluster flink = LocalCluster.start(1)) {
            StreamExecutionEnvironment env = runEnvironment(Duration.ofHours(1));
            countingWithUid(ticks(env, Long.MAX_VALUE, 50).uid("metrics-source@old"));
            JobID job = flink.submit("counts", env);
            while (Counts.HIGHEST.get() < 3) {
                Thread.sleep(50);
            }
            chk = CheckpointPaths.local(flink.checkpoint(job)).orElseThrow();
            flink.cancel(job, Duration.ofSeconds(30));
        }
        Configuration conf = LocalJob.environment("run", JobConfig.fromArgs(), dir);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Counts.reset();
        try (LocalCheckpoints checkpoints =
                        LocalCheckpoints.open(
                                "run",
                                LocalJob.localDirectory(conf).orElseThrow(),
                                false,
                                true,
                                "hashmap",
                                false,
                                new PrintStream(err, true, StandardCharsets.UTF_8));
                LocalCluster flink = LocalCluster.start(1)) {
            checkpoints.applyTo(conf);
            StreamExecutionEnvironment env = withCheckpoints(conf);
            countingWithUid(ticks(env, Long.MAX_VALUE, 50).uid("metrics-source"));
            JobID job = flink.submit("counts", env);
            while (Counts.FIRST.get() < 0) {
                Thread.sleep(50);
            }
            flink.cancel(job, Duration.ofSeconds(30));
        }
        assertThat(Counts.FIRST.get()).as("the keyed state restored").isGreaterThanOrEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(
                        "prescale run: note: the checkpoint "
                                + chk
                                + " is of a prescale from before its sinks had ids of their own");
    }

    /**
     * What a run resumed from a checkpoint did, refusing it: what {@link
     * LocalJob#awaitSayingFailures} threw and printed, whether the job ended, and the checkpoint.
     */
    private record Refused(
            Throwable thrown, ByteArrayOutputStream err, boolean done, Path resumed) {
        /** What was printed, once the cluster closed. */
        String printed() {
            return err.toString(StandardCharsets.UTF_8);
        }

        /** The job directories in the checkpoint directory: the resumed one's only. */
        List<Path> jobDirectories() throws IOException {
            try (Stream<Path> jobs = Files.list(resumed.getParent().getParent())) {
                return jobs.filter(Files::isDirectory).toList();
            }
        }
    }

    /**
     * Runs the graph {@code first} adds until it has counted, checkpoints and cancels it, then runs
     * the graph {@code later} adds from that checkpoint as {@code prescale run} does.
     */
    private Refused restoreInto(
            Consumer<StreamExecutionEnvironment> first, Consumer<StreamExecutionEnvironment> later)
            throws Exception {
        Counts.reset();
        try (LocalCluster flink = LocalCluster.start(1)) {
            StreamExecutionEnvironment env = runEnvironment(Duration.ofHours(1));
            first.accept(env);
            withWindowsSink(env);
            JobID job = flink.submit("counts", env);
            while (Counts.HIGHEST.get() < 1) {
                Thread.sleep(50);
            }
            Path chk = CheckpointPaths.local(flink.checkpoint(job)).orElseThrow();
            Files.writeString(chk.resolveSibling(LocalCheckpoints.BACKEND_FILE), "hashmap\n");
            flink.cancel(job, Duration.ofSeconds(30));
        }
        Configuration conf = LocalJob.environment("run", JobConfig.fromArgs(), dir);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Configuration progress = new Configuration();
        ProgressReporter.configure(progress, "p: ", List.of("numRecordsIn"), 10, null);
        PrintStream stderr = System.err;
        // the progress reporter prints to System.err, as prescale run's
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try (LocalCheckpoints checkpoints = open(conf);
                LocalCluster flink = LocalCluster.start(1, progress)) {
            checkpoints.applyTo(conf);
            StreamExecutionEnvironment env = withCheckpoints(conf);
            later.accept(env);
            withWindowsSink(env);
            JobID job = flink.submit("counts", env);
            Throwable thrown =
                    catchThrowable(
                            () ->
                                    LocalJob.awaitSayingFailures(
                                            flink,
                                            job,
                                            "p: ",
                                            new PrintStream(err, true, StandardCharsets.UTF_8),
                                            checkpoints));
            Path resumed = checkpoints.resume().orElseThrow();
            return new Refused(thrown, err, flink.isDone(job), resumed);
        } finally {
            System.setErr(stderr);
        }
    }

    @Test
    void aSecondRunWithTheSameDirectoryStopsAtStartUp() throws Exception {
        Configuration env = LocalJob.environment("run", JobConfig.fromArgs(), dir);
        try (LocalCheckpoints first = open(env)) {
            assertThatThrownBy(() -> open(env))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another prescale run is running with the checkpoint")
                    .hasMessageContaining(dir.resolve(".prescale/checkpoints/run").toString());
        }
        open(env).close(); // free again
    }

    /** A checkpoint directory that cannot be used is named with what failed and the way out. */
    @Test
    void aCheckpointDirectoryThatCannotBeCreatedIsNamedWithTheWayOut() throws Exception {
        Files.writeString(dir.resolve(".prescale"), "a file where a directory should be");
        Configuration env = LocalJob.environment("run", JobConfig.fromArgs(), dir);
        assertThatThrownBy(() -> open(env))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "the checkpoint directory "
                                + dir.resolve(".prescale/checkpoints/run")
                                + " cannot be created ("
                                + dir.resolve(".prescale")
                                + " is a file, not a directory)")
                .hasMessageEndingWith(
                        ": fix that, or give the job another directory with"
                                + " -Dexecution.checkpointing.dir=DIR");
    }

    @Test
    void aReadOnlyCheckpointDirectoryIsNamedWithTheWayOut() throws Exception {
        Configuration env = LocalJob.environment("run", JobConfig.fromArgs(), dir);
        Path checkpoints = Files.createDirectories(LocalJob.localDirectory(env).orElseThrow());
        Path parent = checkpoints.getParent();
        Files.setPosixFilePermissions(checkpoints, PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(
                    Files.isWritable(checkpoints), "root writes whatever the permissions");
            assertThatThrownBy(() -> open(env))
                    .hasMessage(
                            "the checkpoint directory "
                                    + checkpoints
                                    + " is not writable: fix that, or give the job another"
                                    + " directory with -Dexecution.checkpointing.dir=DIR");
            Configuration elsewhere = LocalJob.environment("actuate", JobConfig.fromArgs(), dir);
            assertThatThrownBy(() -> open(elsewhere))
                    .hasMessageContaining(
                            "the checkpoint directory "
                                    + parent.resolve("actuate")
                                    + " cannot be created ("
                                    + parent.resolve("actuate")
                                    + ": permission denied)");
        } finally {
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(
                    checkpoints, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void olderRunsCheckpointsGoOnlyOnceThisRunHasOneOfItsOwn() throws Exception {
        Configuration env = LocalJob.environment("run", JobConfig.fromArgs(), dir);
        Path checkpoints = LocalJob.localDirectory(env).orElseThrow();
        Path older = Files.createDirectories(checkpoints.resolve(new JobID().toHexString()));
        JobID mine = new JobID();
        try (LocalCheckpoints c = open(env)) {
            assertThat(c.pruneOnceOwnCheckpoint(mine)).isZero();
            assertThat(older).exists();
            Path own = checkpoints.resolve(mine.toHexString()).resolve("chk-1");
            Files.createDirectories(own);
            Files.writeString(own.resolve("_metadata"), "written");
            assertThat(c.pruneOnceOwnCheckpoint(mine)).isEqualTo(1);
            assertThat(older).doesNotExist();
            assertThat(own).exists();
        }
    }

    @Test
    void aRunStartsEmptyWhenNoEarlierOneLeftACheckpoint() throws Exception {
        Configuration env = LocalJob.environment("run", JobConfig.fromArgs(), dir);
        try (LocalCheckpoints checkpoints = open(env)) {
            assertThat(checkpoints.resume()).isEmpty();
            checkpoints.applyTo(env);
        }
        assertThat(env.contains(StateRecoveryOptions.SAVEPOINT_PATH)).isFalse();
    }

    private static LocalCheckpoints open(Configuration env) throws IOException {
        return open(env, false, new ByteArrayOutputStream());
    }

    /** {@link LocalCheckpoints#open} for a run of {@code kafka.bounded} = {@code bounded}. */
    private static LocalCheckpoints open(
            Configuration env, boolean bounded, ByteArrayOutputStream err) throws IOException {
        return LocalCheckpoints.open(
                "run",
                LocalJob.localDirectory(env).orElseThrow(),
                false,
                true,
                env.get(StateBackendOptions.STATE_BACKEND),
                bounded,
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /**
     * The Kafka source keeps each partition's stopping offset in its checkpoints: a tester's
     * bounded run resumed from an unbounded run's checkpoint read everything and never ended,
     * unsaid; that is said as the run starts, and its own checkpoints are noted unbounded. An
     * unfinished bounded run's checkpoint stops either kind of run (another tester's bounded resume
     * of one never ended either).
     */
    @Test
    @Timeout(120)
    void aCheckpointOfTheOtherKafkaBoundednessIsSaidOrStopsTheRun() throws Exception {
        Configuration heap = LocalJob.environment("run", JobConfig.fromArgs(), dir);
        Path checkpoint = checkpointOfARun(heap, open(heap, true, new ByteArrayOutputStream()));
        for (boolean bounded : new boolean[] {false, true}) {
            assertThatThrownBy(() -> open(heap, bounded, new ByteArrayOutputStream()))
                    .as("kafka.bounded=%s", bounded)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(
                            "the checkpoint "
                                    + checkpoint
                                    + " is of a run with kafka.bounded=true that did not finish")
                    .hasMessageContaining("Start with --fresh");
        }

        Files.writeString(checkpoint.resolveSibling(LocalCheckpoints.BOUNDED_FILE), "false\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path again = checkpointOfARun(heap, open(heap, true, err));
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(
                        "prescale run: note: the checkpoint "
                                + checkpoint
                                + " is of a run without kafka.bounded: the Kafka partitions"
                                + " restored from it keep no stopping offset");
        assertThat(again.resolveSibling(LocalCheckpoints.BOUNDED_FILE))
                .as("the resumed run reads without end, noted so")
                .hasContent("false");
        open(heap).close();
    }

    /**
     * The thirty-fifth tester resumed a heap run's checkpoint with {@code -Dstate.backend.type=
     * rocksdb}: 1,680 lines of stack traces in 30 s, restarting for ever. A run notes its backend
     * beside its checkpoints and the next run of the other backend stops before it starts; a
     * checkpoint without the note (an older run's) stops it at its first restore.
     */
    @Test
    @Timeout(120)
    void aCheckpointOfTheOtherStateBackendStopsTheRun() throws Exception {
        Configuration heap = LocalJob.environment("run", JobConfig.fromArgs(), dir);
        Path checkpoint = checkpointOfARun(heap, open(heap));
        Configuration rocks =
                LocalJob.environment(
                        "run", JobConfig.fromArgs("-Dstate.backend.type=rocksdb"), dir);
        assertThatThrownBy(() -> open(rocks))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "the checkpoint "
                                + checkpoint
                                + " was written with the state backend hashmap, and this run's is"
                                + " rocksdb: a checkpoint restores only into the backend it was"
                                + " written with. Run with -Dstate.backend.type=hashmap, or"
                                + " --fresh");
        open(heap).close(); // the refusal let the directory go

        Files.delete(checkpoint.resolveSibling(LocalCheckpoints.BACKEND_FILE));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (LocalCheckpoints checkpoints = open(rocks);
                LocalCluster flink = LocalCluster.start(1)) {
            assertThat(checkpoints.resume()).contains(checkpoint);
            checkpoints.applyTo(rocks);
            JobID job = flink.submit("counts", counting(withCheckpoints(rocks)));
            assertThatThrownBy(
                            () ->
                                    LocalJob.awaitSayingFailures(
                                            flink,
                                            job,
                                            "p: ",
                                            new PrintStream(err, true, StandardCharsets.UTF_8),
                                            checkpoints))
                    .isInstanceOf(LocalCheckpoints.UnrestorableException.class)
                    .hasMessageStartingWith(
                            "the keyed state of the checkpoint "
                                    + checkpoint
                                    + " cannot be read by this run's state backend, rocksdb (")
                    .hasMessageEndingWith(
                            "): a checkpoint restores only into the backend it was written"
                                    + " with. Run with the state.backend.type it was written"
                                    + " under, or --fresh to start without it");
            assertThat(flink.isDone(job)).isTrue();
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).as("no restart said").isEmpty();
    }

    /**
     * The checkpoint a counting job takes in {@code conf}'s environment once it has counted, the
     * run noted in {@code checkpoints} (which this closes) as {@code prescale run} notes it.
     */
    private static Path checkpointOfARun(Configuration conf, LocalCheckpoints checkpoints)
            throws Exception {
        Counts.reset();
        try (checkpoints;
                LocalCluster flink = LocalCluster.start(1)) {
            JobID job = flink.submit("counts", counting(withCheckpoints(conf)));
            checkpoints.started(job);
            while (Counts.HIGHEST.get() < 1) {
                Thread.sleep(50);
            }
            Path checkpoint = CheckpointPaths.local(flink.checkpoint(job)).orElseThrow();
            flink.cancel(job, Duration.ofSeconds(30));
            return checkpoint;
        }
    }

    private static StreamExecutionEnvironment withCheckpoints(Configuration conf) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(Duration.ofHours(1).toMillis());
        return env;
    }

    /** {@link Counts} with its count kept as text: the same state, written otherwise. */
    private static final class CountsAsText extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<String> count;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.STRING));
        }

        @Override
        public void processElement(Long tick, Context ctx, Collector<Long> out) throws IOException {
            count.update(String.valueOf(tick));
        }
    }

    private static StreamExecutionEnvironment counting(StreamExecutionEnvironment env) {
        counting(ticks(env, Long.MAX_VALUE, 50));
        return env;
    }

    private static void counting(DataStream<Long> ticks) {
        ticks.keyBy(i -> 0L, Types.LONG).process(new Counts()).sinkTo(new DiscardingSink<>());
    }

    /**
     * A sink under the scaling job's windows sink uid, as every run of the job since its sinks have
     * uids has: a checkpoint without it is resumed without its sinks' state.
     */
    private static void withWindowsSink(StreamExecutionEnvironment env) {
        ticks(env, Long.MAX_VALUE, 1)
                .uid("marker-source")
                .sinkTo(new DiscardingSink<>())
                .uid(PredictiveScalingJob.WINDOWS_SINK_UID);
    }

    /** As {@link #counting(DataStream)}, the counts under a uid of their own, as the job's. */
    private static void countingWithUid(DataStream<Long> ticks) {
        ticks.keyBy(i -> 0L, Types.LONG)
                .process(new Counts())
                .uid("counts")
                .sinkTo(new DiscardingSink<>());
    }

    /** Counts its elements in keyed state; notes the count it first found and the highest. */
    private static final class Counts extends KeyedProcessFunction<Long, Long, Long> {
        static final AtomicLong FIRST = new AtomicLong();
        static final AtomicLong HIGHEST = new AtomicLong();
        private transient ValueState<Long> count;

        static void reset() {
            FIRST.set(-1);
            HIGHEST.set(0);
        }

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(Long tick, Context ctx, Collector<Long> out) throws IOException {
            long c = count.value() == null ? 0 : count.value();
            FIRST.compareAndSet(-1, c);
            count.update(c + 1);
            HIGHEST.set(c + 1);
        }
    }

    @Test
    @Timeout(60)
    void aRestartIsSaidWithItsCause() throws Exception {
        StreamExecutionEnvironment env = runEnvironment(Duration.ofMillis(200));
        ticks(env, 12, 4).map(new FailsOnceAtTwo()).sinkTo(new DiscardingSink<>());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (LocalCluster flink = LocalCluster.start(1)) {
            JobID job = flink.submit("fails-once", env);
            LocalJob.awaitSayingFailures(
                    flink,
                    job,
                    "p: ",
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    LocalCheckpoints.none());
        }
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("p: the job failed and restarts from its last checkpoint: ")
                .contains("java.lang.IllegalStateException: the first attempt fails at 2");
    }

    /** Throws at element 2 in its first attempt only. */
    private static final class FailsOnceAtTwo extends RichMapFunction<Long, Long> {
        @Override
        public Long map(Long i) {
            if (i == 2 && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
                throw new IllegalStateException("the first attempt fails at 2");
            }
            return i;
        }
    }

    @Test
    void aFailureIsSaidWithItsRootCause() {
        Exception failure =
                new FlinkRuntimeException(
                        "Exceeded checkpoint tolerable failure threshold.",
                        new IllegalStateException("Size of the state is larger than 5242880"));
        assertThat(LocalJob.cause(failure))
                .isEqualTo(
                        "org.apache.flink.util.FlinkRuntimeException: Exceeded checkpoint tolerable"
                                + " failure threshold. (root cause: java.lang.IllegalStateException:"
                                + " Size of the state is larger than 5242880)");
    }

    /** An environment as prescale run's, with parallelism 1. */
    private StreamExecutionEnvironment runEnvironment(Duration checkpoints) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        LocalJob.environment("run", JobConfig.fromArgs(), dir));
        env.setParallelism(1);
        env.enableCheckpointing(checkpoints.toMillis());
        return env;
    }

    /** The numbers 0 to {@code count} - 1, {@code perSecond} a second. */
    private static SingleOutputStreamOperator<Long> ticks(
            StreamExecutionEnvironment env, long count, double perSecond) {
        return env.fromSource(
                new DataGeneratorSource<>(
                        i -> i, count, RateLimiterStrategy.perSecond(perSecond), Types.LONG),
                WatermarkStrategy.noWatermarks(),
                "ticks");
    }

    /**
     * A checkpoint taken once the job runs and its state is written: triggers fail while the tasks
     * start, and the first checkpoint may come before the first element.
     */
    private String checkpointHoldingTheState(LocalCluster flink, JobID job) throws Exception {
        while (true) {
            try {
                String checkpoint = flink.checkpoint(job);
                if (largestFile(dir) > STATE_BYTES) {
                    return checkpoint;
                }
            } catch (ExecutionException e) {
                // not running yet
            }
            Thread.sleep(200);
        }
    }

    private static long largestFile(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(
                            f -> {
                                try {
                                    return Files.size(f);
                                } catch (IOException e) {
                                    return 0;
                                }
                            })
                    .max()
                    .orElse(0);
        }
    }

    /** Holds {@link #STATE_BYTES} of keyed state from the first element on. */
    private static final class OneLargeState extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<byte[]> bytes;

        @Override
        public void open(OpenContext context) {
            bytes =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "bytes",
                                            PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        }

        @Override
        public void processElement(Long tick, Context ctx, Collector<Long> out) throws IOException {
            if (bytes.value() == null) {
                byte[] b = new byte[STATE_BYTES];
                new java.util.Random(tick).nextBytes(b);
                bytes.update(b);
            }
        }
    }
}
