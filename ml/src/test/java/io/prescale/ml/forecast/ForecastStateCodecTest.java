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

    /**
     * A version-1 state (the clock without its negative bit, 8 bytes shorter) still decodes, as a
     * series never negative, and continues as the version-2 state of the same series.
     */
    @Test
    void aVersionOneStateDecodesAsNeverNegative() {
        ForecastState s = trained();
        byte[] bytes = stack.encode(s);
        int header = 4 + stack.config().anchorHorizons().length;
        int negativeBit = header + 8 * ForecastState.NEGATIVE;
        byte[] v1 = new byte[bytes.length - 8];
        System.arraycopy(bytes, 0, v1, 0, negativeBit);
        System.arraycopy(bytes, negativeBit + 8, v1, negativeBit, bytes.length - negativeBit - 8);
        v1[0] = 1;
        ForecastState old = stack.decode(v1);
        assertThat(old.neverNegative()).isTrue();
        assertThat(old.sameAs(s)).isTrue();
        assertThatThrownBy(() -> stack.decode(Arrays.copyOf(v1, v1.length - 1)))
                .hasMessageContaining(v1.length - 1 + " bytes, expected " + v1.length);
    }

    @Test
    void theNegativeBitRoundTrips() {
        ForecastState s = trained();
        stack.update(s, s.lastEpochSeconds() + 300, -1);
        assertThat(s.neverNegative()).isFalse();
        assertThat(stack.decode(stack.encode(s)).neverNegative()).isFalse();
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
