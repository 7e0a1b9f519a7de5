package io.prescale.cli.demo;

import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import io.prescale.model.DeadLetter;
import io.prescale.model.Forecast;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
import java.util.List;
import java.util.Map;

/**
 * What one demo run replayed and what the two jobs produced, for the summary and the report.
 *
 * @param windowsExpected windows an independent computation over the replayed samples expects
 * @param windowsMatched job windows whose count and mean equal that computation's
 * @param workersAtEnd live worker processes per entity once every command had its result, before
 *     the actuator stopped
 * @param workersExpected workers the last applied result of each entity asked for
 * @param workersLeft worker processes alive after the actuator job stopped (should be 0)
 * @param influx where the jobs wrote InfluxDB points, or a sentence saying why nowhere
 */
public record DemoRun(
        List<String> entities,
        int samples,
        int malformedSent,
        String demandMetric,
        double amountPerWorker,
        List<WindowAggregate> windows,
        int windowsExpected,
        int windowsMatched,
        List<Forecast> forecasts,
        List<ScaleCommand> commands,
        List<ActuationResult> results,
        List<DeadLetter> deadLetters,
        int alerts,
        Map<String, Integer> workersAtEnd,
        Map<String, Integer> workersExpected,
        int workersLeft,
        String influx,
        double seconds) {

    public long resultsWith(ActuationStatus status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    /**
     * Every window matches the replayed samples, every command has a result, the processes matched
     * the commands, and none is left.
     */
    public boolean ok() {
        return windows.size() == windowsExpected
                && windowsMatched == windowsExpected
                && results.size() == commands.size()
                && workersAtEnd.equals(workersExpected)
                && workersLeft == 0
                && deadLetters.size() == malformedSent;
    }
}
