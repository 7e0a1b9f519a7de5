package io.prescale.it.services;

/** Where a test's server came from, in the order the services try them. */
public enum ServiceSource {
    /** A server the developer runs, named by an environment variable. */
    EXTERNAL,
    /** A Testcontainers container, when a Docker engine is reachable. */
    CONTAINER,
    /** A server on this machine: Kafka inside the test JVM, influxd as a child process. */
    LOCAL
}
