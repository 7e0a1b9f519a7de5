package io.prescale.jobs;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;

/**
 * How long the checkpoint options can keep a Kafka transaction of the commands sink ({@link
 * KafkaWiring#exactlyOnceJsonSink}) open, against its timeout T ({@link
 * KafkaWiring#TRANSACTION_TIMEOUT}): the broker aborts a transaction open longer, and the commands
 * in it are lost.
 *
 * <p>The transaction of checkpoint n opens with the first record after checkpoint n − 1's barrier
 * and is committed when a checkpoint from n on completes; a failed checkpoint leaves it open for
 * the next. With k failures in a row tolerated, checkpoints n … n + k − 1 may time out and n + k
 * commit it. Checkpoints run one at a time, each started max(i, t) at most after the one before
 * (the interval i, or the timeout t of one that ran until it completed or timed out), so the
 * transaction can stay open
 *
 * <pre>W = (k + 1) · max(i, t) + t</pre>
 *
 * the wait for checkpoint n (n − 1 completing just within t), k timed-out checkpoints, and the one
 * that commits, within t. W ≤ T is required. Flink's 10 min timeout gives W = 30 min with one
 * failure tolerated, hence the job's 4 min (12 min). A pause between checkpoints ({@code
 * execution.checkpointing.min-pause}, 0 by default and not set by the jobs) would add to each step.
 */
final class CommandsTransactionWindow {
    private CommandsTransactionWindow() {}

    /** W above, for k = {@code tolerated}, i = {@code interval} and t = {@code timeout}. */
    static Duration worstCase(int tolerated, Duration interval, Duration timeout) {
        return max(interval, timeout).multipliedBy(tolerated + 1L).plus(timeout);
    }

    /**
     * Refuses checkpoint options under which W exceeds T.
     *
     * @throws IllegalArgumentException naming the options, their values, W and what would fit
     */
    static void check(Configuration conf) {
        int k = conf.get(JobOptions.CHECKPOINT_TOLERABLE_FAILURES);
        Duration i = conf.get(JobOptions.CHECKPOINT_INTERVAL);
        Duration t = conf.get(JobOptions.CHECKPOINT_TIMEOUT);
        Duration w = worstCase(k, i, t);
        if (w.compareTo(KafkaWiring.TRANSACTION_TIMEOUT) <= 0) {
            return;
        }
        throw new IllegalArgumentException(
                JobOptions.CHECKPOINT_TOLERABLE_FAILURES.key()
                        + " ("
                        + k
                        + ") with "
                        + JobOptions.CHECKPOINT_TIMEOUT.key()
                        + " ("
                        + format(t)
                        + ") and "
                        + JobOptions.CHECKPOINT_INTERVAL.key()
                        + " ("
                        + format(i)
                        + ") can keep a Kafka transaction of the commands sink open ("
                        + k
                        + " + 1) × max("
                        + format(i)
                        + ", "
                        + format(t)
                        + ") + "
                        + format(t)
                        + " = "
                        + format(w)
                        + ", past its "
                        + format(KafkaWiring.TRANSACTION_TIMEOUT)
                        + " timeout, when the broker aborts it and its commands are lost: "
                        + remedy(k, i)
                        + (k > 0 ? ", or tolerate fewer failed checkpoints" : ""));
    }

    /** The timeout that would fit k failures, or else a timeout and interval that would. */
    private static String remedy(int k, Duration i) {
        Duration fits = longestTimeout(k, i);
        if (fits.toMillis() >= 10) {
            return "set " + JobOptions.CHECKPOINT_TIMEOUT.key() + " to at most " + format(fits);
        }
        return "set "
                + JobOptions.CHECKPOINT_INTERVAL.key()
                + " and "
                + JobOptions.CHECKPOINT_TIMEOUT.key()
                + " to at most "
                + format(longestTimeout(k, Duration.ZERO))
                + " each";
    }

    /**
     * The longest t with W ≤ T, whole seconds: T / (k + 2) when that is at least i, else T − (k +
     * 1) · i (negative when no timeout fits the interval).
     */
    static Duration longestTimeout(int k, Duration i) {
        Duration t = KafkaWiring.TRANSACTION_TIMEOUT.dividedBy(k + 2L);
        if (t.compareTo(i) < 0) {
            t = KafkaWiring.TRANSACTION_TIMEOUT.minus(i.multipliedBy(k + 1L));
        }
        return t.isNegative() ? t : Duration.ofSeconds(t.getSeconds());
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String format(Duration d) {
        return TimeUtils.formatWithHighestUnit(d);
    }
}
