package io.prescale.jobs;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;

/**
 * When the scaling job's commands reach Kafka after the step they are for has begun. A decision for
 * step s + L is made when window s closes, {@code watermark.out-of-orderness} after its end, and
 * its command is read once the next checkpoint commits, up to {@code checkpoint.interval} later;
 * step s + L begins L − 1 windows after the end of s. With 5-minute windows the defaults leave
 * minutes; a tester's 20 s windows had 45 of 47 commands read after their {@code neededBy}.
 */
public final class CommandLatency {
    private CommandLatency() {}

    /** What to tell the user when commands would come after their step begins, else null. */
    public static String lateNote(Configuration conf) {
        Duration window = conf.get(JobOptions.WINDOW_SIZE);
        int lead = conf.get(JobOptions.LEAD_STEPS);
        Duration latency =
                conf.get(JobOptions.OUT_OF_ORDERNESS)
                        .plus(conf.get(JobOptions.CHECKPOINT_INTERVAL));
        Duration slack = window.multipliedBy(lead - 1L);
        // lead 1 is a command due as it is issued, by its definition
        if (!conf.get(JobOptions.ACTUATION_ENABLED) || lead == 1 || latency.compareTo(slack) < 0) {
            return null;
        }
        return "commands are read up to "
                + TimeUtils.formatWithHighestUnit(latency)
                + " after their window ends (watermark.out-of-orderness plus checkpoint.interval),"
                + " and the step they are for begins "
                + TimeUtils.formatWithHighestUnit(slack)
                + " after it (allocation.lead-steps - 1 windows of window.size): most will come"
                + " after their neededBy; raise allocation.lead-steps or window.size, or lower the"
                + " other two";
    }
}
