package io.prescale.cli;

import picocli.CommandLine.Option;

/** {@code --fresh} of the commands that run a job locally and resume it ({@link ResumePoint}). */
final class ResumeOption {
    @Option(
            names = "--fresh",
            description =
                    "Start with empty state. Without it the job resumes from the newest checkpoint"
                            + " an earlier run left in its checkpoint directory (state and Kafka"
                            + " offsets). In the default directory the older runs' checkpoints are"
                            + " deleted either way.")
    boolean fresh;
}
