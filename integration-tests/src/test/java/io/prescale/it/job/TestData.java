package io.prescale.it.job;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared real traces ({@code ../shared/data} beside the checkout). */
public final class TestData {
    private TestData() {}

    public static Path shared(String name) {
        String root = System.getProperty("prescale.repo.root", "..");
        for (Path candidate :
                new Path[] {
                    Path.of(root, "..", "shared", "data", name),
                    Path.of("..", "..", "shared", "data", name)
                }) {
            if (Files.isRegularFile(candidate)) {
                return candidate.normalize();
            }
        }
        throw new IllegalStateException(
                "real trace "
                        + name
                        + " not found: the tests expect ../shared/data beside the checkout");
    }
}
