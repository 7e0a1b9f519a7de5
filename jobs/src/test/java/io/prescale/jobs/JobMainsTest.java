package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The jobs' mains refuse a bad option by throwing, with the message that names it: a REST
 * submission runs them in the JobManager, which returns the message to the submitter, and a {@code
 * System.exit} there would stop the cluster (as it did). An exit would end this test's JVM instead,
 * failing the build.
 */
class JobMainsTest {
    private static final String MISSPELT = "-Dinflux.urll=http://127.0.0.1:8086";
    private static final String NAMED =
            "unknown option 'influx.urll' (from -Dinflux.urll=...); did you mean 'influx.url'?";

    @Test
    void theScalingJobThrowsOnAnUnknownOptionNamingIt() {
        assertThatThrownBy(() -> PredictiveScalingJob.main(new String[] {MISSPELT}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(NAMED);
    }

    @Test
    void theActuatorJobThrowsOnAnUnknownOptionNamingIt() {
        assertThatThrownBy(() -> ActuatorJob.main(new String[] {MISSPELT}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(NAMED);
    }

    /**
     * A sink's setting too is read before Flink starts (the job's settings were, its sinks' not).
     */
    @Test
    void theScalingJobThrowsOnABadSinkSettingBeforeFlinkStarts() {
        assertThatThrownBy(
                        () ->
                                PredictiveScalingJob.main(
                                        new String[] {
                                            "-Dinflux.url=http://127.0.0.1:1",
                                            "-Dinflux.batch-size=0"
                                        }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch");
    }

    @Test
    void theScalingJobThrowsOnABadSettingNamingIt() {
        assertThatThrownBy(
                        () ->
                                PredictiveScalingJob.main(
                                        new String[] {"-Dcheckpoint.interval=1 ms"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("checkpoint.interval must be at least 10 ms");
    }
}
