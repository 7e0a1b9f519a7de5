package io.prescale.ml.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NearestRankTest {

    @Test
    void p95OfOneToTwentyIsNineteen() {
        double[] v = new double[20];
        for (int i = 0; i < 20; i++) {
            v[19 - i] = i + 1;
        }
        assertThat(NearestRank.quantile(v, 20, 0.95)).isEqualTo(19.0);
        assertThat(NearestRank.quantile(v, 20, 1.0)).isEqualTo(20.0);
        assertThat(v[0]).as("input untouched").isEqualTo(20.0);
    }

    @Test
    void singleValueIsEveryQuantile() {
        assertThat(NearestRank.quantile(new double[] {4.5, 99}, 1, 0.95)).isEqualTo(4.5);
    }

    @Test
    void rejectsEmptyAndBadQ() {
        assertThatThrownBy(() -> NearestRank.quantile(new double[0], 0, 0.5))
                .hasMessageContaining("n must be");
        assertThatThrownBy(() -> NearestRank.quantile(new double[] {1}, 1, 0))
                .hasMessageContaining("q must be in (0, 1], was 0.0");
    }
}
