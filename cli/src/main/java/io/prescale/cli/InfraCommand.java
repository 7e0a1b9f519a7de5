package io.prescale.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Starts, stops and reports the real local services through {@code infra/local.sh}. */
@Command(
        name = "infra",
        mixinStandardHelpOptions = true,
        description = {
            "Real local services on 127.0.0.1: a KRaft Kafka broker, InfluxDB and a Flink session"
                    + " cluster, with data under .prescale/local (PRESCALE_HOME)."
        })
final class InfraCommand implements Callable<Integer> {

    enum Action {
        up,
        down,
        status
    }

    @Parameters(index = "0", description = "up, down or status")
    Action action;

    @Override
    public Integer call() throws Exception {
        return RepoPaths.run("bash", "infra/local.sh", action.name());
    }
}
