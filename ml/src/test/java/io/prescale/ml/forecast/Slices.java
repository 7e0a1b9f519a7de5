package io.prescale.ml.forecast;

import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.TraceReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;

/** The real trace slices in {@code src/test/resources/forecast} (see the README there). */
public final class Slices {
    public static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    private Slices() {}

    /** The slice {@code file}'s {@code metric} on a 5-minute grid. */
    public static DemandGrid read(String file, String metric) {
        try {
            Path path = Path.of(Slices.class.getResource("/forecast/" + file).toURI());
            return TraceReader.read(path, metric, FIVE_MINUTES);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The values of {@code entity} in {@code grid}. */
    static double[] series(DemandGrid grid, String entity) {
        return grid.values()[grid.entities().indexOf(entity)];
    }

    /** Replays {@code values} from the grid's start through a new state of {@code stack}. */
    static ForecastState replay(ForecastStack stack, DemandGrid grid, double[] values, int steps) {
        ForecastState s = stack.newState();
        long start = grid.start().getEpochSecond();
        long step = grid.step().toSeconds();
        for (int t = 0; t < steps; t++) {
            stack.update(s, start + t * step, values[t]);
        }
        return s;
    }
}
