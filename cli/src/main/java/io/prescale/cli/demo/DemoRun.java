package io.prescale.cli.demo;

import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import io.prescale.model.DeadLetter;
import io.prescale.model.Forecast;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
import java.util.ArrayList;
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

    /**
     * How long the demo waits, once the scaling job has ended, for a result it has not had yet: it
     * waits as long as results keep coming, and stops after this long without one.
     */
    public static final int SETTLE_SECONDS = 120;

    public long resultsWith(ActuationStatus status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    /**
     * Every window matches the replayed samples, every command has a result, the processes matched
     * the commands, and none is left.
     */
    public boolean ok() {
        return problems().isEmpty();
    }

    /** What did not add up, one sentence each; empty when {@link #ok()}. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (windows.size() != windowsExpected || windowsMatched != windowsExpected) {
            out.add(
                    String.format(
                            "windows: %d expected, %d seen, %d matching",
                            windowsExpected, windows.size(), windowsMatched));
        }
        if (results.size() != commands.size()) {
            out.add(
                    String.format(
                            "%d of %d commands had no result when the demo stopped waiting (no"
                                    + " new result for %d s after the scaling job ended: the"
                                    + " actuator was behind or stopped; on a loaded machine try"
                                    + " --entities 3)",
                            Math.max(0, commands.size() - results.size()),
                            commands.size(),
                            SETTLE_SECONDS));
        }
        if (!workersAtEnd.equals(workersExpected)) {
            out.add(
                    String.format(
                            "worker processes per entity at the end %s, the last applied"
                                    + " commands asked for %s",
                            workersAtEnd, workersExpected));
        }
        if (workersLeft != 0) {
            out.add(workersLeft + " worker processes still alive after the actuator stopped");
        }
        if (deadLetters.size() != malformedSent) {
            out.add(
                    String.format(
                            "%d dead letters for the %d malformed records sent",
                            deadLetters.size(), malformedSent));
        }
        return out;
    }
}
