package io.prescale.cli;

import io.prescale.jobs.JobOptions;
import io.prescale.jobs.PredictiveScalingJob;
import java.util.List;
import org.apache.flink.runtime.jobgraph.OperatorID;

/**
 * What a checkpoint's state for an operator the job does not have most likely came from, read off
 * Flink's refusal ("Cannot map checkpoint/savepoint state for operator ID to the new program,
 * because the operator is not available"), which names the operator only by its ID: the hash of its
 * uid.
 */
final class UnclaimedState {
    /**
     * The operators of the exactly-once commands sink (uid {@link
     * PredictiveScalingJob#COMMANDS_SINK_UID}): its writer, under the sink's uid, and its
     * committer, under the uid Flink derives ({@code "Sink Committer: " + uid}). A job with {@code
     * actuation.enabled: false} discards the commands instead and has no committer.
     */
    private static final List<String> COMMANDS_SINK_IDS =
            List.of(
                            PredictiveScalingJob.COMMANDS_SINK_UID,
                            "Sink Committer: " + PredictiveScalingJob.COMMANDS_SINK_UID)
                    .stream()
                    .map(ResumePoint::operatorId)
                    .map(OperatorID::toHexString)
                    .toList();

    private UnclaimedState() {}

    /** What the state Flink refused with {@code message} is, and which options may have changed. */
    static String describe(String message) {
        String actuation = JobOptions.ACTUATION_ENABLED.key();
        if (message != null && COMMANDS_SINK_IDS.stream().anyMatch(message::contains)) {
            return "it holds the state of the exactly-once commands sink (uid "
                    + PredictiveScalingJob.COMMANDS_SINK_UID
                    + "), which this job has not: it was written with "
                    + actuation
                    + ": true, and this run has "
                    + actuation
                    + ": false (recommend-only discards the commands)";
        }
        return "it holds state this job has no operator for, such as the offsets of a Kafka topic"
                + " it no longer reads (a topics.* option changed; the old topic would be read on"
                + " as well) or the exactly-once commands sink's ("
                + actuation
                + " was true and is now false)";
    }
}
