package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The sixty-second tester's 20 s windows: commands read 37 s after their window's end. */
class CommandLatencyTest {
    @Test
    void theDefaultsSayNothing() {
        assertThat(CommandLatency.lateNote(JobConfig.fromArgs())).isNull();
    }

    @Test
    void shortWindowsAreToldTheirCommandsComeLate() {
        assertThat(CommandLatency.lateNote(JobConfig.fromArgs("-Dwindow.size=20 s")))
                .startsWith(
                        "commands are read up to 40 s after their window ends"
                                + " (watermark.out-of-orderness plus checkpoint.interval), and the"
                                + " step they are for begins 20 s after it");
        assertThat(
                        CommandLatency.lateNote(
                                JobConfig.fromArgs(
                                        "-Dwindow.size=20 s", "-Dallocation.lead-steps=4")))
                .as("60 s of slack")
                .isNull();
        assertThat(
                        CommandLatency.lateNote(
                                JobConfig.fromArgs(
                                        "-Dwindow.size=20 s", "-Dactuation.enabled=false")))
                .as("recommend-only sends nothing")
                .isNull();
    }
}
