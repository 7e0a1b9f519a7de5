package io.prescale.cli;

import io.prescale.cli.replay.ExpectedWindows;
import io.prescale.model.DeadLetter;
import io.prescale.model.Forecast;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Prints what the demo's job saw, and whether it matches the replayed slice. */
final class DemoSummary {
    private static final double TOLERANCE = 1e-9;

    private DemoSummary() {}

    /** What the demo replayed and what the job produced. */
    record Outcome(
            List<String> entities,
            int samples,
            int malformedSent,
            Map<ExpectedWindows.Key, ExpectedWindows.Totals> expected,
            List<WindowAggregate> windows,
            List<Forecast> forecasts,
            List<DeadLetter> dead,
            List<ScaleCommand> commands,
            double seconds) {}

    /** Prints the summary; returns 0 when every window matches the slice, else 1. */
    static int print(PrintStream out, Outcome o) {
        List<String> entities = o.entities();
        Map<ExpectedWindows.Key, ExpectedWindows.Totals> expected = o.expected();
        List<WindowAggregate> windows = o.windows();
        List<DeadLetter> dead = o.dead();
        int malformedSent = o.malformedSent();
        int matched = 0;
        Map<String, double[]> perEntity = new TreeMap<>();
        for (WindowAggregate w : windows) {
            ExpectedWindows.Totals t =
                    expected.get(new ExpectedWindows.Key(w.entity(), w.metric(), w.windowStart()));
            if (t != null
                    && t.count() == w.count()
                    && Math.abs(t.mean() - w.mean())
                            <= TOLERANCE * Math.max(1, Math.abs(t.mean()))) {
                matched++;
            }
            double[] agg =
                    perEntity.computeIfAbsent(w.entity() + " " + w.metric(), k -> new double[3]);
            agg[0]++;
            agg[1] += w.mean() * w.count();
            agg[2] += w.count();
        }
        out.println();
        out.println("prescale demo summary");
        out.printf("  entities replayed      %d%n", entities.size());
        out.printf("  samples replayed       %d (+%d malformed)%n", o.samples(), malformedSent);
        out.printf(
                "  windows expected/seen  %d / %d, matching count and mean: %d%n",
                expected.size(), windows.size(), matched);
        out.printf(
                "  forecasts              %d (placeholder last-value model)%n",
                o.forecasts().size());
        out.printf(
                "  scale commands         %d for %d entities (prescale policy, exactly-once topic)%n",
                o.commands().size(),
                o.commands().stream().map(ScaleCommand::entity).distinct().count());
        out.printf("  dead letters           %d%n", dead.size());
        for (DeadLetter d : dead) {
            out.printf("    offset %d: %s%n", d.offset(), d.reason());
        }
        out.println("  per series: windows, mean over the day");
        perEntity.forEach(
                (k, v) -> out.printf("    %-36s %4d  %8.3f%n", k, (int) v[0], v[1] / v[2]));
        boolean ok =
                matched == expected.size()
                        && windows.size() == expected.size()
                        && dead.size() == malformedSent;
        out.printf("  job wall time          %.1f s%n", o.seconds());
        out.println(
                ok
                        ? "  RESULT: the job's windows match the replayed slice exactly"
                        : "  RESULT: MISMATCH between the job's windows and the replayed slice");
        return ok ? 0 : 1;
    }
}
