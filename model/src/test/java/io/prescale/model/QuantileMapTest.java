package io.prescale.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuantileMapTest {
    private static final double[] LEVELS = {0.5, 0.9, 0.95, 0.99};

    @Test
    void behavesAsTheMapOfItsEntries() {
        double[] values = {40, 50, 55, 70};
        QuantileMap q = QuantileMap.of(LEVELS, values);
        values[0] = -1; // copied: the map does not change with the caller's array
        Map<Double, Double> same = Map.of(0.5, 40.0, 0.9, 50.0, 0.95, 55.0, 0.99, 70.0);
        assertThat(q).isEqualTo(same);
        assertThat(same).isEqualTo(q);
        assertThat(q.hashCode()).isEqualTo(same.hashCode());
        assertThat(q.get(0.95)).isEqualTo(55.0);
        assertThat(q.get(0.7)).isNull();
        assertThat(q.get("0.95")).isNull();
        assertThat(q.containsKey(0.99)).isTrue();
        List<Double> order = new ArrayList<>();
        q.forEach((level, value) -> order.add(level));
        assertThat(order).containsExactly(0.5, 0.9, 0.95, 0.99);
        assertThat(q.keySet()).containsExactly(0.5, 0.9, 0.95, 0.99);
        assertThat(q.toString()).isEqualTo("{0.5=40.0, 0.9=50.0, 0.95=55.0, 0.99=70.0}");
    }

    @Test
    void isImmutable() {
        QuantileMap q = QuantileMap.of(LEVELS, new double[] {1, 2, 3, 4});
        assertThatThrownBy(() -> q.put(0.1, 1.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(q::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> q.entrySet().iterator().remove())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesMismatchedOrRepeatedLevels() {
        assertThatThrownBy(() -> QuantileMap.of(LEVELS, new double[] {1}))
                .hasMessage("4 levels but 1 values");
        assertThatThrownBy(() -> QuantileMap.of(new double[] {0.5, 0.5}, new double[] {1, 2}))
                .hasMessage("duplicate key: 0.5");
    }

    private static Forecast forecastWith(QuantileMap q) {
        return new Forecast("e", "m", java.time.Instant.EPOCH, 300, 1, 1.0, q, "ensemble");
    }

    @Test
    void aForecastKeepsItAndChecksItsEntries() {
        QuantileMap q = QuantileMap.of(LEVELS, new double[] {1, 2, 3, 4});
        assertThat(forecastWith(q).quantiles()).isSameAs(q);
        QuantileMap notFinite = QuantileMap.of(new double[] {0.5}, new double[] {Double.NaN});
        assertThatThrownBy(() -> forecastWith(notFinite))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("quantiles.0.5 must be finite");
        QuantileMap levelOutOfRange = QuantileMap.of(new double[] {1.5}, new double[] {1});
        assertThatThrownBy(() -> forecastWith(levelOutOfRange))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("quantiles key (the level) must be in (0, 1), was 1.5");
    }
}
