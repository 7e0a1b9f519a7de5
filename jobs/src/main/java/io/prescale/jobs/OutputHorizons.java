package io.prescale.jobs;

import io.prescale.model.Decimals;
import io.prescale.model.Forecast;
import java.util.BitSet;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Which forecast horizons go to {@code prescale.forecasts} and InfluxDB's {@code forecast}
 * measurement ({@code forecast.output-horizons}): {@code all}, or a comma-separated list of
 * horizons within 1..{@code forecast.horizons}. The policy, the accuracy scores and the ratings use
 * every horizon whatever it says; only what is written changes, inside the two sinks (the job's
 * graph stays as it is, so a savepoint restores whatever the option). At many keys the twelve
 * horizons of each window are most of what the job writes (README, "Many entities").
 */
public final class OutputHorizons implements SerializableFunction<Forecast, Boolean> {
    private static final long serialVersionUID = 1L;

    /** The option's value for every horizon. */
    public static final String ALL = "all";

    private final BitSet horizons;

    private OutputHorizons(BitSet horizons) {
        this.horizons = horizons;
    }

    /**
     * Reads {@code text}; null for {@code all} (nothing to filter).
     *
     * @param max {@code forecast.horizons}
     * @throws IllegalArgumentException naming the option and the entry that is no horizon
     */
    public static OutputHorizons parse(String text, int max) {
        String key = JobOptions.FORECAST_OUTPUT_HORIZONS.key();
        if (text.trim().equalsIgnoreCase(ALL)) {
            return null;
        }
        BitSet set = new BitSet(max + 1);
        for (String entry : text.split(",", -1)) {
            String e = entry.trim();
            if (e.isEmpty()) {
                throw new IllegalArgumentException(
                        key
                                + ": an empty entry in '"
                                + text
                                + "' (want 'all' or e.g. '2' or '1,2,6')");
            }
            int h;
            try {
                h = Decimals.parseWhole(e);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(
                        key
                                + ": '"
                                + e
                                + "' is not a whole number (want 'all' or e.g. '2' or"
                                + " '1,2,6')");
            }
            if (h < 1 || h > max) {
                throw new IllegalArgumentException(
                        key + ": horizon " + h + " is not in 1.." + max + " (forecast.horizons)");
            }
            set.set(h);
        }
        return new OutputHorizons(set);
    }

    /** Whether {@code f}'s horizon is written. */
    @Override
    public Boolean apply(Forecast f) {
        return horizons.get(f.horizon());
    }
}
