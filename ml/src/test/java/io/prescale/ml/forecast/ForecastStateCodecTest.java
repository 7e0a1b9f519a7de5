package io.prescale.ml.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.ml.trace.DemandGrid;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ForecastStateCodecTest {
    private final ForecastStack stack =
            new ForecastStack(ForecastConfig.defaults(Slices.FIVE_MINUTES));

    private ForecastState trained() {
        DemandGrid g = Slices.read("azure-cycles.csv.gz", "cpu_avg_pct");
        return Slices.replay(stack, g, Slices.series(g, "vm-737498"), g.steps());
    }

    @Test
    void encodingStartsWithTheVersionAndFitsTheBudget() {
        byte[] bytes = stack.encode(trained());
        assertThat(bytes[0]).isEqualTo(ForecastState.VERSION);
        assertThat(bytes).hasSize(stack.encodedSize());
        // Issue 3: the forecasting stack leaves room for the detectors in 2 KiB per series.
        assertThat(bytes.length).isLessThanOrEqualTo(1536);
    }

    @Test
    void newStateRoundTripsToo() {
        ForecastState fresh = stack.newState();
        assertThat(stack.decode(stack.encode(fresh)).sameAs(fresh)).isTrue();
    }

    @Test
    void decodedStateReadsAndContinuesExactlyLikeTheOriginal() {
        ForecastState s = trained();
        ForecastState copy = stack.decode(stack.encode(s));
        assertThat(copy.sameAs(s)).isTrue();
        for (int h = 1; h <= 12; h++) {
            assertThat(stack.mean(copy, h)).isEqualTo(stack.mean(s, h));
            assertThat(stack.quantile(copy, h, 0.995)).isEqualTo(stack.quantile(s, h, 0.995));
        }
    }

    @Test
    void rejectsUnknownVersionOtherConfigAndWrongLength() {
        byte[] bytes = stack.encode(trained());
        byte[] version = bytes.clone();
        version[0] = 99;
        assertThatThrownBy(() -> stack.decode(version)).hasMessageContaining("unknown version 99");
        assertThatThrownBy(() -> stack.decode(new byte[0])).hasMessageContaining("(empty)");
        assertThatThrownBy(() -> stack.decode(Arrays.copyOf(bytes, bytes.length - 3)))
                .hasMessageContaining("bytes, expected");
        ForecastStack other =
                new ForecastStack(ForecastConfig.defaults(Duration.ofMinutes(5)).withAnchors(1, 2));
        assertThatThrownBy(() -> other.decode(bytes)).hasMessageContaining("another config");
    }
}
