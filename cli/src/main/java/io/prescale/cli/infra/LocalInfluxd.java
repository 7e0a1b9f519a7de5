package io.prescale.cli.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real InfluxDB 1.x server ({@code influxd}, Debian package {@code influxdb}) started as a child
 * process on free 127.0.0.1 ports, with its config, data and log in a temporary work directory.
 *
 * <p>{@link #close()} kills the process (and anything it spawned) and deletes the work directory. A
 * shutdown hook does the same if the JVM exits without closing, so no server outlives the tests.
 */
public final class LocalInfluxd implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalInfluxd.class);

    /** How long {@link #start()} waits for {@code /ping} to answer. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    /** Where Debian's {@code influxdb} package puts the server when it is not on the PATH. */
    static final Path DEBIAN_BINARY = Path.of("/usr/bin/influxd");

    /** A free port can be taken between probing and binding; starting again then fixes it. */
    private static final int START_ATTEMPTS = 3;

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration PING_INTERVAL = Duration.ofMillis(100);

    private final Path binary;
    private final Path workDir;
    private final int httpPort;
    private final Thread shutdownHook;
    private volatile Process process;

    private LocalInfluxd(Path binary, Process process, Path workDir, int httpPort) {
        this.binary = binary;
        this.process = process;
        this.workDir = workDir;
        this.httpPort = httpPort;
        this.shutdownHook = new Thread(this::stopAndDelete, "local-influxd-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts {@code influxd} and waits up to {@link #DEFAULT_START_TIMEOUT} for it to answer. */
    public static LocalInfluxd start() {
        return start(DEFAULT_START_TIMEOUT);
    }

    /**
     * Starts {@code influxd} and waits until {@code GET /ping} answers 204.
     *
     * @throws IllegalStateException when {@code influxd} is not installed (the message says how to
     *     install it), or when it does not answer in time (the message names its log file)
     */
    public static LocalInfluxd start(Duration startTimeout) {
        Path binary =
                locateBinary(Optional.ofNullable(System.getenv("PATH")).orElse(""), DEBIAN_BINARY);
        IllegalStateException lastFailure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(binary, startTimeout);
            } catch (PortTakenException e) {
                LOG.info("influxd lost its port to another process, retrying: {}", e.getMessage());
                lastFailure = e;
            }
        }
        throw lastFailure;
    }

    /** The HTTP API, {@code http://127.0.0.1:port}. */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The HTTP API port. */
    public int port() {
        return httpPort;
    }

    /** The server's process id, for diagnostics. */
    public long pid() {
        return process.pid();
    }

    /** The temporary directory holding config, data and log; deleted by {@link #close()}. */
    public Path workDir() {
        return workDir;
    }

    /** Where influxd writes its stdout and stderr. */
    public Path logFile() {
        return workDir.resolve("influxd.log");
    }

    /**
     * Stops the server (SIGTERM, then SIGKILL after a grace period) and keeps its work directory,
     * so that {@link #restart} brings it back with its data on the same port: an outage for tests.
     */
    public void stop() {
        Processes.stopTree(process.toHandle(), STOP_GRACE);
        try {
            // killed after the grace, it may still be going: restart needs it gone
            process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the server process is running. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * Starts the server again after {@link #stop}, with the same config, data and port, and waits
     * until it answers.
     *
     * @throws IllegalStateException when it does not answer in time (the message names its log)
     */
    public void restart(Duration startTimeout) {
        if (process.isAlive()) {
            throw new IllegalStateException("influxd at " + url() + " is still running");
        }
        Path log = logFile();
        try {
            process = launch(binary, workDir, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot restart " + binary + " (log: " + log + ")", e);
        }
        try {
            awaitPing(startTimeout);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    e.getMessage() + "; last lines of " + log + ":\n" + Processes.tail(log, 20));
        }
    }

    /** Kills the server and deletes its work directory, data included. */
    @Override
    public void close() {
        stopAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmAlreadyShuttingDown) {
            // the hook is running or has run; nothing left to do
        }
    }

    /**
     * Finds {@code influxd} on the given PATH, else at the Debian location.
     *
     * @throws IllegalStateException saying how to install it when it is nowhere
     */
    static Path locateBinary(String pathEnv, Path fallback) {
        for (String dir : pathEnv.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "influxd"))) {
                return Path.of(dir, "influxd");
            }
        }
        if (Files.isExecutable(fallback)) {
            return fallback;
        }
        throw new IllegalStateException(
                "InfluxDB server 'influxd' not found on PATH nor at "
                        + fallback
                        + ". Install it with 'sudo apt-get install influxdb' (Debian/Ubuntu), or"
                        + " point the tests at a running InfluxDB 1.x with"
                        + " PRESCALE_INFLUX_URL=http://host:8086");
    }

    /**
     * The influxd config: usage reporting off (both the upstream and the Debian key, each version
     * ignores the other), every listener on 127.0.0.1, all state under {@code workDir}, and the
     * internal monitor and query log off so the server only stores what the tests write.
     */
    static String renderConfig(Path workDir, int httpPort, int rpcPort) {
        return String.join(
                "\n",
                "reporting-disabled = true",
                "reporting-enabled = false",
                "bind-address = \"127.0.0.1:" + rpcPort + "\"",
                "",
                "[meta]",
                "  dir = \"" + workDir.resolve("meta") + "\"",
                "",
                "[data]",
                "  dir = \"" + workDir.resolve("data") + "\"",
                "  wal-dir = \"" + workDir.resolve("wal") + "\"",
                "  query-log-enabled = false",
                "",
                "[monitor]",
                "  store-enabled = false",
                "",
                "[http]",
                "  bind-address = \"127.0.0.1:" + httpPort + "\"",
                "  log-enabled = false",
                "",
                "[subscriber]",
                "  enabled = false",
                "");
    }

    private static LocalInfluxd startOnce(Path binary, Duration startTimeout) {
        Path workDir;
        try {
            workDir = Files.createTempDirectory("prescale-influxd-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a work directory for influxd", e);
        }
        List<Integer> ports = LoopbackPorts.free(2);
        int httpPort = ports.get(0);
        Path config = workDir.resolve("influxdb.conf");
        Path log = workDir.resolve("influxd.log");
        Process process;
        try {
            Files.writeString(config, renderConfig(workDir, httpPort, ports.get(1)));
            process = launch(binary, workDir, log);
        } catch (IOException e) {
            Processes.deleteRecursively(workDir);
            throw new UncheckedIOException("Cannot start " + binary + " (log: " + log + ")", e);
        }
        LocalInfluxd server = new LocalInfluxd(binary, process, workDir, httpPort);
        try {
            server.awaitPing(startTimeout);
        } catch (RuntimeException e) {
            String tail = Processes.tail(log, 20);
            server.close();
            if (tail.contains("address already in use")) {
                throw new PortTakenException(tail);
            }
            throw new IllegalStateException(
                    e.getMessage() + "; last lines of " + log + ":\n" + tail);
        }
        LOG.info("influxd {} ready at {} (work dir {})", binary, server.url(), workDir);
        return server;
    }

    private static Process launch(Path binary, Path workDir, Path log) throws IOException {
        return new ProcessBuilder(
                        binary.toString(),
                        "run",
                        "-config",
                        workDir.resolve("influxdb.conf").toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private void awaitPing(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ping =
                HttpRequest.newBuilder(URI.create(url() + "/ping"))
                        .timeout(Duration.ofSeconds(2))
                        .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "influxd exited with code " + process.exitValue() + " during start-up");
            }
            try {
                if (client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 204) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for influxd", e);
            }
            Processes.pause(PING_INTERVAL);
        }
        throw new IllegalStateException(
                "influxd did not answer " + url() + "/ping with 204 within " + timeout);
    }

    private void stopAndDelete() {
        Processes.stopTree(process.toHandle(), STOP_GRACE);
        Processes.deleteRecursively(workDir);
    }

    /** influxd could not bind a port that was free a moment before. */
    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String logTail) {
            super(logTail.lines().reduce((first, second) -> second).orElse(logTail));
        }
    }
}
