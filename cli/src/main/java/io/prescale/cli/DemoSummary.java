package io.prescale.cli;

import io.prescale.cli.demo.DemoRun;
import io.prescale.ml.trace.Plural;
import io.prescale.model.ActuationStatus;
import io.prescale.model.DeadLetter;
import io.prescale.model.ScaleCommand;
import java.io.PrintStream;

/** Prints what the demo's jobs did, and whether it adds up. */
final class DemoSummary {
    private DemoSummary() {}

    static void print(PrintStream out, DemoRun run) {
        out.println();
        out.println("prescale demo summary");
        out.printf("  entities replayed      %d%n", run.entities().size());
        out.printf(
                "  samples replayed       %d (+%d malformed)%n",
                run.samples(), run.malformedSent());
        out.printf(
                "  windows expected/seen  %d / %d, matching count and mean: %d%n",
                run.windowsExpected(), run.windows().size(), run.windowsMatched());
        out.printf(
                "  forecasts              %d (%s)%n",
                run.forecasts().size(),
                run.forecasts().isEmpty() ? "-" : run.forecasts().get(0).model());
        out.printf(
                "  scale commands         %d for %s (exactly-once topic)%n",
                run.commands().size(),
                Plural.of(
                        run.commands().stream().map(ScaleCommand::entity).distinct().count(),
                        "entity",
                        "entities"));
        out.printf(
                "  actuations             %d applied, %d rejected, %d failed, %d superseded%n",
                run.resultsWith(ActuationStatus.APPLIED),
                run.resultsWith(ActuationStatus.REJECTED),
                run.resultsWith(ActuationStatus.FAILED),
                run.resultsWith(ActuationStatus.SUPERSEDED));
        out.printf("  alerts                 %d%n", run.alerts());
        out.printf(
                "  worker processes       %d running at the end (the last commands asked for %d),"
                        + " %d left after stop%n",
                run.workersAtEnd().values().stream().mapToInt(Integer::intValue).sum(),
                run.workersExpected().values().stream().mapToInt(Integer::intValue).sum(),
                run.workersLeft());
        out.printf("  dead letters           %d%n", run.deadLetters().size());
        for (DeadLetter d : run.deadLetters()) {
            out.printf(
                    "    %s-%d offset %d: %s%n", d.topic(), d.partition(), d.offset(), d.reason());
        }
        out.printf("  InfluxDB               %s%n", run.influx());
        out.printf("  wall time              %.1f s%n", run.seconds());
        out.println(
                run.ok()
                        ? "  RESULT: windows match the slice, every command was applied and"
                                + " reported, the processes followed the commands"
                        : "  RESULT: MISMATCH: " + String.join("; ", run.problems()));
    }
}
