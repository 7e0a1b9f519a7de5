package io.prescale.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Installs what the tests need when missing and runs the whole build with its tests. The same steps
 * run from {@code ./prescale test} before the CLI is built, so that a fresh machine needs nothing
 * but a JDK.
 */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = {
            "Installs the test dependencies (InfluxDB server, Chromium) through apt when running as"
                    + " root on Debian/Ubuntu, else says what to install, then runs ./mvnw -B verify."
        })
final class TestCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        int installed = RepoPaths.run("bash", "infra/install-test-deps.sh");
        if (installed != 0) {
            return installed;
        }
        return RepoPaths.run("./mvnw", "-B", "verify");
    }
}
