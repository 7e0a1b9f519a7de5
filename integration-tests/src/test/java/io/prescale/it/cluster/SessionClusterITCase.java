package io.prescale.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.prescale.cli.infra.KafkaTopics;
import io.prescale.cli.infra.TopicSpec;
import io.prescale.cli.kafka.TopicReader;
import io.prescale.cli.replay.ExpectedWindows;
import io.prescale.cli.replay.Replayer;
import io.prescale.cli.replay.SampleFormats;
import io.prescale.cli.replay.TraceSamples;
import io.prescale.it.services.FlinkRestMetrics;
import io.prescale.it.services.KafkaConsumers;
import io.prescale.model.DeadLetter;
import io.prescale.model.JsonCodec;
import io.prescale.model.MetricSample;
import io.prescale.model.WindowAggregate;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slim job jar that users submit runs on a real Flink session cluster: {@code infra/local.sh
 * up} starts a KRaft broker, InfluxDB and a JobManager and TaskManager as separate processes,
 * {@code infra/submit-job.sh} uploads {@code jobs/target/prescale-job.jar} through the REST API,
 * and the job's windows for a replayed real trace slice are checked in Kafka.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SessionClusterITCase {
    private static final Duration WINDOW = Duration.ofMinutes(15);

    @TempDir static Path work;
    private static Path repo;
    private static Map<String, String> env;

    @BeforeAll
    static void up() throws Exception {
        repo = Path.of(System.getProperty("prescale.repo.root", "..")).toAbsolutePath().normalize();
        // free ports are picked, then bound by other processes: a clash gets one more try
        if (startServices("local") != 0) {
            run("infra/local.sh", "down");
            assertThat(startServices("local-retry")).as("infra/local.sh up").isZero();
        }
    }

    private static int startServices(String home) throws Exception {
        env = new HashMap<>();
        env.put("PRESCALE_HOME", work.resolve(home).toString());
        for (String port :
                List.of(
                        "PRESCALE_KAFKA_PORT",
                        "PRESCALE_KAFKA_CONTROLLER_PORT",
                        "PRESCALE_INFLUX_PORT",
                        "PRESCALE_INFLUX_RPC_PORT",
                        "PRESCALE_FLINK_REST_PORT",
                        "PRESCALE_FLINK_RPC_PORT")) {
            env.put(port, Integer.toString(freePort()));
        }
        return run("infra/local.sh", "up");
    }

    @AfterAll
    static void down() throws Exception {
        if (env != null) {
            run("infra/local.sh", "down");
        }
    }

    @Test
    void slimJarRunsOnTheSessionCluster() throws Exception {
        Path jar = repo.resolve("jobs/target/prescale-job.jar");
        assertThat(jar).as("the slim job jar (built by the jobs module's package phase)").exists();
        String bootstrap = "127.0.0.1:" + env.get("PRESCALE_KAFKA_PORT");
        assertThat(
                        KafkaTopics.createMissing(
                                bootstrap,
                                List.of(
                                        TopicSpec.events("prescale.metrics", 2),
                                        TopicSpec.events("prescale.windows", 2),
                                        TopicSpec.events("prescale.forecasts", 2),
                                        TopicSpec.events("prescale.commands", 2),
                                        TopicSpec.events("prescale.deadletter", 1)),
                                Duration.ofSeconds(60)))
                .as("topics infra/local.sh up did not create")
                .isEmpty();

        List<MetricSample> samples = TraceSamples.read(bundledSlice(), e -> true);
        List<Replayer.Payload> payloads = new ArrayList<>();
        samples.forEach(s -> payloads.add(new Replayer.Payload(s.entity(), SampleFormats.json(s))));
        Replayer.send(bootstrap, "prescale.metrics", payloads, n -> {});

        int exit =
                run(
                        "infra/submit-job.sh",
                        "--wait",
                        "--timeout",
                        "300",
                        jar.toString(),
                        "-Dkafka.bootstrap-servers=" + bootstrap,
                        "-Dkafka.bounded=true",
                        "-Dparser.max-past-skew=0",
                        "-Dwindow.size=15m",
                        "-Dallocation.demand-metric=cpu_max_pct",
                        "-Dinflux.url=http://127.0.0.1:" + env.get("PRESCALE_INFLUX_PORT"));
        assertThat(exit).as("submit-job.sh --wait (FINISHED)").isZero();

        Map<ExpectedWindows.Key, ExpectedWindows.Totals> expected =
                ExpectedWindows.of(samples, WINDOW, "");
        try (TopicReader<WindowAggregate> reader =
                new TopicReader<>(
                        bootstrap,
                        "prescale.windows",
                        b -> JsonCodec.decode(b, WindowAggregate.class))) {
            List<WindowAggregate> seen = reader.pollUntil(expected.size(), Duration.ofSeconds(60));
            if (seen.size() != expected.size()) {
                URI rest = URI.create("http://127.0.0.1:" + env.get("PRESCALE_FLINK_REST_PORT"));
                assertThat(seen)
                        .as(
                                "windows; dead letters: %s; offsets: metrics %s, windows %s; %s",
                                deadLetters(bootstrap),
                                offsets(bootstrap, "prescale.metrics"),
                                offsets(bootstrap, "prescale.windows"),
                                new FlinkRestMetrics(rest).summary())
                        .hasSize(expected.size());
            }
            for (WindowAggregate w : seen) {
                ExpectedWindows.Totals t =
                        expected.get(
                                new ExpectedWindows.Key(w.entity(), w.metric(), w.windowStart()));
                assertThat(t).as("window %s", w).isNotNull();
                assertThat(w.count()).isEqualTo(t.count());
                assertThat(w.mean()).isCloseTo(t.mean(), within(1e-9));
            }
        }
    }

    /**
     * A job option the jar's main refuses is named by submit-job.sh (from Flink's REST answer, not
     * pages of stack trace), and the cluster runs on: the main once called System.exit, which a
     * REST submission runs in the JobManager.
     */
    @Test
    void aRefusedOptionIsNamedAndTheClusterRunsOn() throws Exception {
        assertThat(
                        refused(
                                "-Dkafka.bootstrap-servers=127.0.0.1:"
                                        + env.get("PRESCALE_KAFKA_PORT"),
                                "-Dinflux.urll=http://127.0.0.1:"
                                        + env.get("PRESCALE_INFLUX_PORT")))
                .contains("did you mean 'influx.url'?");
        // the job's message, not the one it was made from (which named no option)
        assertThat(
                        refused(
                                "-Dkafka.bootstrap-servers=127.0.0.1:"
                                        + env.get("PRESCALE_KAFKA_PORT"),
                                "-Dwindow.size=300"))
                .contains("option 'window.size' has a bad value: 300 has no unit");
        // the script's own usage errors: exit code 2, as its help says
        Path stderr = work.resolve("submit-usage.err");
        assertThat(
                        run(
                                stderr,
                                "infra/submit-job.sh",
                                repo.resolve("jobs/target/prescale-job.jar").toString(),
                                "-Dexecution.state-recovery.path=/tmp/x"))
                .isEqualTo(2);
        assertThat(Files.readString(stderr)).contains("give it as --from-savepoint PATH");
    }

    /**
     * A topic a job reads by name that the broker lacks refuses the submission, named, rather than
     * starting a job that fails over without end (its Kafka source creates nothing); for both jobs.
     */
    @Test
    void aMissingInputTopicRefusesTheSubmission() throws Exception {
        String bootstrap = "-Dkafka.bootstrap-servers=127.0.0.1:" + env.get("PRESCALE_KAFKA_PORT");
        assertThat(refused(bootstrap, "-Dtopics.metrics=no.such.metrics"))
                .contains(
                        "the Kafka broker at 127.0.0.1:"
                                + env.get("PRESCALE_KAFKA_PORT")
                                + " has no topic no.such.metrics, which the job reads");
        assertThat(
                        refused(
                                "--class",
                                "io.prescale.jobs.ActuatorJob",
                                bootstrap,
                                "-Dtopics.commands=no.such.commands"))
                .contains("has no topic no.such.commands, which the job reads");
    }

    /**
     * What {@code infra/submit-job.sh} prints on stderr when it is refused (exit 1) with {@code
     * args} (before them: its own options, e.g. {@code --class}, when they start with {@code --}),
     * which is not a stack trace; the cluster runs on.
     */
    private static String refused(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("infra/submit-job.sh"));
        int options = 0;
        while (options < args.length && args[options].startsWith("--")) {
            options += 2;
        }
        command.addAll(List.of(args).subList(0, options));
        command.add(repo.resolve("jobs/target/prescale-job.jar").toString());
        command.addAll(List.of(args).subList(options, args.length));
        Path stderr = work.resolve("submit-refused.err");
        assertThat(run(stderr, command.toArray(String[]::new))).as("%s", command).isEqualTo(1);
        assertThat(run("infra/local.sh", "status")).as("infra/local.sh status").isZero();
        String said = Files.readString(stderr);
        assertThat(said).doesNotContain("\tat ");
        return said;
    }

    /**
     * The README's way to upgrade or restart a job on a cluster and keep its state: {@code
     * infra/stop-job.sh} stops it with a savepoint and prints its path, {@code infra/submit-job.sh
     * --from-savepoint} starts the job from it, here with another parallelism.
     */
    @Test
    void aJobStoppedWithASavepointStartsFromItWithAnotherParallelism() throws Exception {
        Path jar = repo.resolve("jobs/target/prescale-job.jar");
        String bootstrap = "-Dkafka.bootstrap-servers=127.0.0.1:" + env.get("PRESCALE_KAFKA_PORT");
        String first =
                output("infra/submit-job.sh", "--parallelism", "1", jar.toString(), bootstrap);
        String savepoint = stopWithSavepoint(first);
        assertThat(savepoint).startsWith("file:").contains("savepoint-");

        // with a window size other than the savepoint's the state does not restore, and the job
        // would restart until cancelled: --wait says so and ends at once, not at its --timeout
        Path stderr = work.resolve("unrestorable.err");
        long started = System.nanoTime();
        assertThat(
                        run(
                                stderr,
                                "infra/submit-job.sh",
                                "--from-savepoint",
                                savepoint,
                                "--wait",
                                "--timeout",
                                "400",
                                jar.toString(),
                                bootstrap,
                                "-Dwindow.size=10 min"))
                .isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isLessThan(Duration.ofSeconds(300));
        assertThat(Files.readString(stderr))
                .contains("StateMigrationException")
                .contains("cannot restore " + savepoint + "; it restarts until cancelled");
        cancelRestarting();

        String second =
                output(
                        "infra/submit-job.sh",
                        "--from-savepoint",
                        savepoint,
                        "--parallelism",
                        "2",
                        jar.toString(),
                        bootstrap);
        String restored = "";
        for (int i = 0; i < 60 && !restored.contains(savepoint); i++) {
            Thread.sleep(1000);
            restored = rest("/jobs/" + second + "/checkpoints");
        }
        assertThat(restored).as("the second job's checkpoint statistics").contains(savepoint);
        assertThat(rest("/jobs/" + second)).contains("\"parallelism\":2");
        stopWithSavepoint(second);
        assertThat(rest("/jars")).as("jars left uploaded").contains("\"files\":[]");
    }

    /**
     * Stops the job with infra/stop-job.sh, which waits for its tasks to run (a savepoint needs
     * them all); the savepoint's path.
     */
    private static String stopWithSavepoint(String job) throws Exception {
        return output("infra/stop-job.sh", "--timeout", "120", job);
    }

    /**
     * Cancels the job that restarts, and waits until its slot is free. Between its restarts it is
     * RUNNING for a moment (its tasks are deployed, then fail on the restore): it is the one job
     * not yet finished, cancelled or failed.
     */
    private static void cancelRestarting() throws Exception {
        Matcher m =
                Pattern.compile("\"id\":\"([0-9a-f]+)\",\"status\":\"(?!FINISHED|CANCELED|FAILED)")
                        .matcher(rest("/jobs"));
        assertThat(m.find()).as("a job not ended in %s", rest("/jobs")).isTrue();
        URI uri =
                URI.create(
                        "http://127.0.0.1:"
                                + env.get("PRESCALE_FLINK_REST_PORT")
                                + "/jobs/"
                                + m.group(1)
                                + "?mode=cancel");
        HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(uri)
                                .method("PATCH", HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        for (int i = 0;
                i < 60 && !rest("/jobs/" + m.group(1)).contains("\"state\":\"CANCELED\"");
                i++) {
            Thread.sleep(1000);
        }
        assertThat(rest("/jobs/" + m.group(1))).contains("\"state\":\"CANCELED\"");
    }

    /** The body of a GET of the session cluster's REST API. */
    private static String rest(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + env.get("PRESCALE_FLINK_REST_PORT") + path);
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /**
     * Runs {@code command} in the repository; what it printed on stdout, trimmed.
     *
     * @throws IllegalStateException when it exits with another code than 0
     */
    private static String output(String... command) throws Exception {
        Path out = Files.createTempFile(work, "stdout", ".txt");
        List<String> cmd = new ArrayList<>(List.of("bash"));
        cmd.addAll(List.of(command));
        ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .directory(repo.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(8, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": exit " + p.exitValue());
        }
        return Files.readString(out).trim();
    }

    /** What the job dead-lettered, to explain a shortfall of windows. */
    private static String deadLetters(String bootstrap) {
        try (TopicReader<DeadLetter> dead =
                new TopicReader<>(
                        bootstrap,
                        "prescale.deadletter",
                        b -> JsonCodec.decode(b, DeadLetter.class))) {
            // a fresh consumer's first polls may return nothing while it joins its group
            dead.pollUntil(1, Duration.ofSeconds(10));
            List<DeadLetter> all = dead.drain(Duration.ofSeconds(2));
            return all.size() + " " + all.stream().limit(3).map(DeadLetter::reason).toList();
        }
    }

    /** Each partition's earliest and latest offset, e.g. {@code [0-2880, 0-2881]}. */
    private static List<String> offsets(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> c = KafkaConsumers.open(bootstrap, Map.of())) {
            List<TopicPartition> partitions = KafkaConsumers.partitions(c, topic);
            Map<TopicPartition, Long> start =
                    c.beginningOffsets(partitions, KafkaConsumers.REQUEST_TIMEOUT);
            Map<TopicPartition, Long> end =
                    c.endOffsets(partitions, KafkaConsumers.REQUEST_TIMEOUT);
            return partitions.stream().map(tp -> start.get(tp) + "-" + end.get(tp)).toList();
        }
    }

    private static Path bundledSlice() throws IOException {
        Path file = work.resolve("slice.csv.gz");
        try (InputStream in =
                SessionClusterITCase.class.getResourceAsStream(
                        "/demo/azure-vm-2017-slice.csv.gz")) {
            Files.copy(in, file);
        }
        return file;
    }

    private static int run(String... command) throws Exception {
        return run(null, command);
    }

    /** Runs {@code command} in the repository, its stderr to {@code stderr} when not null. */
    private static int run(Path stderr, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash"));
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile()).inheritIO();
        if (stderr != null) {
            pb.redirectError(stderr.toFile());
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(8, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(
                    String.join(" ", command) + " did not finish in 8 minutes");
        }
        return p.exitValue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
