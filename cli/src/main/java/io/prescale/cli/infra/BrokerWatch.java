package io.prescale.cli.infra;

import io.prescale.connectors.kafka.BoundedAdmin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Says when the Kafka broker of a running local job ({@code prescale run}, {@code actuate}) stops
 * answering, and when it answers again. The job itself waits for the broker in silence (its Kafka
 * clients retry, and Flink's logging is off on the command line), so an outage otherwise shows only
 * as progress lines that stop. The broker is asked every {@link #EVERY}; one line is said when it
 * stops answering and one when it is back.
 */
public final class BrokerWatch implements AutoCloseable {
    /** How often the broker is asked. */
    public static final Duration EVERY = Duration.ofSeconds(10);

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    private final String bootstrapServers;
    private final Callable<String> problem;
    private final Consumer<String> say;
    private final Clock clock;
    private Instant downSince;
    private ScheduledExecutorService timer;
    private AutoCloseable admin;

    /**
     * @param problem asks the broker: null when it answers, else what went wrong
     * @param say takes each line said
     */
    BrokerWatch(
            String bootstrapServers, Callable<String> problem, Consumer<String> say, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.problem = problem;
        this.say = say;
        this.clock = clock;
    }

    /** Starts asking the broker at {@code bootstrapServers}; lines go to {@code say}. */
    public static BrokerWatch start(String bootstrapServers, Consumer<String> say) {
        BoundedAdmin admin = BoundedAdmin.open(bootstrapServers, ASK_TIMEOUT);
        BrokerWatch watch =
                new BrokerWatch(bootstrapServers, () -> ask(admin.admin()), say, Clock.systemUTC());
        watch.admin = admin;
        watch.timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "prescale-broker-watch");
                            t.setDaemon(true);
                            return t;
                        });
        watch.timer.scheduleWithFixedDelay(
                watch::check, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    private static String ask(Admin admin) throws InterruptedException {
        try {
            admin.describeCluster(
                            new DescribeClusterOptions().timeoutMs((int) ASK_TIMEOUT.toMillis()))
                    .nodes()
                    .get(ASK_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        } catch (TimeoutException e) {
            return "no answer within " + ASK_TIMEOUT.toSeconds() + " s";
        }
    }

    /** Asks the broker once and says whether that changed; never throws. */
    void check() {
        String wrong;
        try {
            wrong = problem.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            wrong = e.toString();
        }
        Instant now = clock.instant();
        if (wrong != null && downSince == null) {
            downSince = now;
            say.accept(
                    "the Kafka broker at "
                            + bootstrapServers
                            + " does not answer ("
                            + wrong
                            + "); the job waits for it and goes on when it is back");
        } else if (wrong == null && downSince != null) {
            say.accept(
                    "the Kafka broker at "
                            + bootstrapServers
                            + " answers again, after "
                            + Duration.between(downSince, now).toSeconds()
                            + " s");
            downSince = null;
        }
    }

    @Override
    public void close() throws Exception {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(ASK_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        }
        if (admin != null) {
            admin.close();
        }
    }
}
