package io.prescale.cli.infra;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.executiongraph.ErrorInfo;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * One Flink MiniCluster in this JVM for the commands that run jobs locally ({@code prescale run},
 * {@code actuate} and the demo's two jobs side by side), each job submitted from a graph built on a
 * plain environment.
 */
public final class LocalCluster implements AutoCloseable {
    private static final String LOOPBACK = "127.0.0.1";

    private final MiniCluster cluster;

    private LocalCluster(MiniCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts a cluster of one task manager with {@code slots} slots. */
    public static LocalCluster start(int slots) throws Exception {
        return start(slots, new Configuration());
    }

    /**
     * Starts a cluster of one task manager with {@code slots} slots and the settings {@code conf},
     * its servers on the loopback interface ({@link #loopback}).
     */
    public static LocalCluster start(int slots, Configuration conf) throws Exception {
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(slots)
                                .setConfiguration(loopback(conf))
                                .build());
        cluster.start();
        return new LocalCluster(cluster);
    }

    /**
     * {@code conf} with every server a MiniCluster starts bound to 127.0.0.1, as all of prescale's
     * servers are: the REST API (on a free port, so it never meets a session cluster's 8081), the
     * RPC services of its JobManager and TaskManager, the blob server (it binds the JobManager's
     * bind host) and, with more than one TaskManager, the shuffle's data port (the TaskManager's).
     * Flink binds all interfaces when these are unset. Settings already in {@code conf} stay.
     */
    public static Configuration loopback(Configuration conf) {
        Configuration out = new Configuration();
        for (ConfigOption<String> host :
                List.of(
                        RestOptions.BIND_ADDRESS,
                        RestOptions.ADDRESS,
                        JobManagerOptions.BIND_HOST,
                        JobManagerOptions.ADDRESS,
                        TaskManagerOptions.BIND_HOST,
                        TaskManagerOptions.HOST)) {
            out.set(host, LOOPBACK);
        }
        out.set(RestOptions.BIND_PORT, "0");
        out.addAll(conf);
        return out;
    }

    /**
     * Builds a job with {@code build} (parallelism 1, checkpoints every {@code checkpoints},
     * generic types off) and submits it.
     */
    public JobID submit(
            String name, Duration checkpoints, Consumer<StreamExecutionEnvironment> build)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(checkpoints.toMillis());
        build.accept(env);
        return submit(name, env);
    }

    /** Submits the job built on {@code env}. */
    public JobID submit(String name, StreamExecutionEnvironment env) throws Exception {
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        return cluster.submitJob(graph).get(1, TimeUnit.MINUTES).getJobID();
    }

    /** The cluster's REST API, on a free loopback port ({@link #loopback}). */
    public URI restAddress() throws Exception {
        return cluster.getRestAddress().get(30, TimeUnit.SECONDS);
    }

    /** Whether the job reached a terminal state. */
    public boolean isDone(JobID job) throws Exception {
        return status(job).isGloballyTerminalState();
    }

    public JobStatus status(JobID job) throws Exception {
        return cluster.getJobStatus(job).get(30, TimeUnit.SECONDS);
    }

    /**
     * The job's latest failure (a task or checkpoint failure it restarted from, or the one it
     * failed with), if it had one.
     */
    public Optional<ErrorInfo> lastFailure(JobID job) throws Exception {
        return Optional.ofNullable(
                cluster.getExecutionGraph(job).get(30, TimeUnit.SECONDS).getFailureInfo());
    }

    /** Takes a checkpoint of the job now and waits for it; its location. */
    public String checkpoint(JobID job) throws Exception {
        return cluster.triggerCheckpoint(job).get(1, TimeUnit.MINUTES);
    }

    /**
     * Waits for the job to end; how long it ran (Flink's net runtime of the job).
     *
     * @throws IllegalStateException naming the job's failure, when it failed
     */
    public Duration await(JobID job, Duration timeout) throws Exception {
        JobResult result =
                cluster.requestJobResult(job).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (result.getSerializedThrowable().isPresent()) {
            Throwable cause =
                    result.getSerializedThrowable()
                            .get()
                            .deserializeError(LocalCluster.class.getClassLoader());
            throw new IllegalStateException("job " + job + " failed: " + cause, cause);
        }
        return Duration.ofMillis(result.getNetRuntime());
    }

    /** Cancels the job and waits until it has stopped (its operators closed). */
    public void cancel(JobID job, Duration timeout) throws Exception {
        if (!isDone(job)) {
            cluster.cancelJob(job).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        cluster.requestJobResult(job).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
        cluster.closeAsync().get(1, TimeUnit.MINUTES);
    }
}
