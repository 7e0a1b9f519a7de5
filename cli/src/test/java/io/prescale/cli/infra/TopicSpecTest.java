package io.prescale.cli.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicSpecTest {

    @Test
    void factoriesSetCleanupKind() {
        assertThat(TopicSpec.compacted("commands", 4).compacted()).isTrue();
        assertThat(TopicSpec.events("samples", 8).compacted()).isFalse();
    }

    @Test
    void rejectsIllegalNames() {
        assertThatThrownBy(() -> TopicSpec.events("bad name", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad name'");
        assertThatThrownBy(() -> TopicSpec.events("..", 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TopicSpec.events("x".repeat(250), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNonPositivePartitions() {
        assertThatThrownBy(() -> TopicSpec.events("samples", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitions = 0");
    }
}
