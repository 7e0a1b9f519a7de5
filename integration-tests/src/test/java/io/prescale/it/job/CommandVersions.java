package io.prescale.it.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.ScaleCommand;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The versions of committed commands, for tests that none is repeated or missing. */
final class CommandVersions {
    private CommandVersions() {}

    /** The versions of {@code commands} by {@code entity/resource}. */
    static Map<String, List<Long>> byEntityAndResource(List<ScaleCommand> commands) {
        return commands.stream()
                .collect(
                        Collectors.groupingBy(
                                c -> c.entity() + "/" + c.resource(),
                                TreeMap::new,
                                Collectors.mapping(ScaleCommand::version, Collectors.toList())));
    }

    /** Per (entity, resource) the versions are distinct and without a gap. */
    static void assertOneRunEach(Map<String, List<Long>> versions) {
        versions.forEach(
                (key, v) -> {
                    List<Long> sorted = v.stream().sorted().toList();
                    assertThat(sorted).as("%s: no duplicate", key).doesNotHaveDuplicates();
                    assertThat(sorted.get(sorted.size() - 1) - sorted.get(0) + 1)
                            .as("%s: no missing version between the first and the last", key)
                            .isEqualTo((long) sorted.size());
                });
    }
}
