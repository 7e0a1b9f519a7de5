package io.prescale.ml.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PluralTest {
    @Test
    void oneIsSingularAndEveryOtherCountPlural() {
        assertThat(Plural.of(1, "step")).isEqualTo("1 step");
        assertThat(Plural.of(0, "step")).isEqualTo("0 steps");
        assertThat(Plural.of(28_800_000_000L, "step")).isEqualTo("28800000000 steps");
        assertThat(Plural.of(1, "entity", "entities")).isEqualTo("1 entity");
        assertThat(Plural.of(2, "entity", "entities")).isEqualTo("2 entities");
        assertThat(Plural.noun(-1, "is", "are")).isEqualTo("are");
    }

    @Test
    void theFirstFiveNamesAndHowManyMore() {
        assertThat(Plural.firstNames(java.util.List.of("a", "b"))).isEqualTo("a, b");
        assertThat(Plural.firstNames(java.util.List.of("a", "b", "c", "d", "e", "f", "g")))
                .isEqualTo("a, b, c, d, e and 2 more");
    }
}
