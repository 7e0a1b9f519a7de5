package io.prescale.it.services;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/** Asks Testcontainers once per JVM whether a Docker engine is reachable. */
final class DockerAvailability {

    private static final Logger LOG = LoggerFactory.getLogger(DockerAvailability.class);

    private static Boolean available;

    private DockerAvailability() {}

    static synchronized boolean isAvailable() {
        if (available == null) {
            available = probe();
            LOG.info(
                    available
                            ? "Docker engine found: services without an external endpoint run in"
                                    + " Testcontainers"
                            : "No Docker engine (Testcontainers' error above is expected):"
                                    + " services without an external endpoint run locally");
        }
        return available;
    }

    private static boolean probe() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Docker probe failed", e);
            return false;
        }
    }
}
