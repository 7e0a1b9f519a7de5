package io.prescale.ml.backtest;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code ../shared/data} from the module or the repository directory. */
final class SharedTraces {
    private SharedTraces() {}

    static Path file(String name) {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/data").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            candidate = dir.resolveSibling("shared/data").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return fail("shared trace " + name + " not found above " + Path.of("").toAbsolutePath());
    }
}
