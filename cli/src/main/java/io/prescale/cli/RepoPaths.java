package io.prescale.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository checkout the CLI runs from (for {@code infra/} scripts and the wrapper). */
final class RepoPaths {
    private RepoPaths() {}

    /**
     * {@code PRESCALE_REPO} when set, else the first directory upwards from the working directory
     * that holds {@code infra/local.sh}.
     */
    static Path root() {
        String env = System.getenv("PRESCALE_REPO");
        if (env != null) {
            return Path.of(env);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("infra/local.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "cannot find the prescale checkout (infra/local.sh): run from inside it or set"
                        + " PRESCALE_REPO");
    }

    /** Runs a command in the checkout, inheriting stdio; returns its exit code. */
    static int run(String... command) throws Exception {
        return new ProcessBuilder(command).directory(root().toFile()).inheritIO().start().waitFor();
    }
}
