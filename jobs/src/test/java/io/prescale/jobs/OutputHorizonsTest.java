package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.connectors.kafka.JsonRecordSerializer;
import io.prescale.model.Forecast;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputHorizonsTest {
    private static Forecast at(int horizon) {
        return new Forecast(
                "vm-1",
                "cpu",
                Instant.parse("2026-01-01T00:00:00Z"),
                300,
                horizon,
                1,
                Map.of(0.5, 1.0),
                "ensemble");
    }

    @Test
    void allWritesEveryHorizonAndAListOnlyItsOwn() {
        assertThat(OutputHorizons.parse("all", 12)).isNull();
        assertThat(OutputHorizons.parse(" ALL ", 12)).isNull();
        OutputHorizons some = OutputHorizons.parse(" 1, 2 ,12", 12);
        for (int h = 1; h <= 12; h++) {
            assertThat(some.apply(at(h))).as("horizon %d", h).isEqualTo(h <= 2 || h == 12);
        }
    }

    @Test
    void anEntryThatIsNoHorizonIsNamed() {
        assertThatThrownBy(() -> OutputHorizons.parse("2,13", 12))
                .hasMessage(
                        "forecast.output-horizons: horizon 13 is not in 1..12 (forecast.horizons)");
        assertThatThrownBy(() -> OutputHorizons.parse("0", 12))
                .hasMessageContaining("horizon 0 is not in 1..12");
        assertThatThrownBy(() -> OutputHorizons.parse("2,", 12))
                .hasMessageContaining("forecast.output-horizons: an empty entry in '2,'");
        assertThatThrownBy(() -> OutputHorizons.parse("lead", 12))
                .hasMessageContaining("'lead' is not a whole number (want 'all' or e.g. '2'");
    }

    /**
     * The Kafka sink's serializer writes nothing for a horizon left out (the writer skips null).
     */
    @Test
    void theForecastsTopicGetsOnlyTheHorizonsKept() {
        OutputHorizons lead = OutputHorizons.parse("2", 12);
        var serializer = new JsonRecordSerializer<Forecast>("f", Forecast::entity, lead);
        assertThat(serializer.serialize(at(1), null, null)).isNull();
        assertThat(serializer.serialize(at(2), null, null).topic()).isEqualTo("f");
    }

    /** JobConfig refuses a bad value at start, naming the option. */
    @Test
    void aBadValueStopsTheJobAtStart() {
        assertThatThrownBy(
                        () -> JobConfig.fromArgs(new String[] {"-Dforecast.output-horizons=2,x"}))
                .hasMessageContaining("forecast.output-horizons: 'x' is not a whole number");
    }
}
