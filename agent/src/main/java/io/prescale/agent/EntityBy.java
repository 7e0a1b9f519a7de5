package io.prescale.agent;

/** What the agent treats as an entity. */
public enum EntityBy {
    /** One entity per machine, named after its host name. */
    HOST,
    /** One entity per matching process, named {@code <hostname>/<name>-<pid>}. */
    PROCESS
}
