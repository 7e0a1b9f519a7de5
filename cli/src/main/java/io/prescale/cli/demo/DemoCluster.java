package io.prescale.cli.demo;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * One Flink MiniCluster in this JVM that runs several jobs side by side (the demo's scaling job and
 * actuator job), each submitted from a graph built on a plain environment.
 */
public final class DemoCluster implements AutoCloseable {
    private final MiniCluster cluster;

    private DemoCluster(MiniCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts a cluster of one task manager with {@code slots} slots. */
    public static DemoCluster start(int slots) throws Exception {
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(slots)
                                .setConfiguration(new Configuration())
                                .build());
        cluster.start();
        return new DemoCluster(cluster);
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
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        return cluster.submitJob(graph).get(1, TimeUnit.MINUTES).getJobID();
    }

    /** Whether the job reached a terminal state. */
    public boolean isDone(JobID job) throws Exception {
        return status(job).isGloballyTerminalState();
    }

    public JobStatus status(JobID job) throws Exception {
        return cluster.getJobStatus(job).get(30, TimeUnit.SECONDS);
    }

    /**
     * Waits for the job to end.
     *
     * @throws IllegalStateException naming the job's failure, when it failed
     */
    public void await(JobID job, Duration timeout) throws Exception {
        JobResult result =
                cluster.requestJobResult(job).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (result.getSerializedThrowable().isPresent()) {
            Throwable cause =
                    result.getSerializedThrowable()
                            .get()
                            .deserializeError(DemoCluster.class.getClassLoader());
            throw new IllegalStateException("job " + job + " failed: " + cause, cause);
        }
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
