package io.prescale.cli;

import io.prescale.jobs.JobConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code -D KEY=VALUE} and {@code --job-config FILE} of the commands that must agree with a job's
 * options without running it (send checks its records against them, infra topics creates the topics
 * they name).
 */
final class JobConfigOptions {
    @Option(
            names = "-D",
            paramLabel = "KEY=VALUE",
            description =
                    "A job option, as the job was started with (e.g."
                            + " -Dtopics.config=team.config); default the job's.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(
            names = {"--job-config", "--config"},
            paramLabel = "FILE",
            description =
                    "The job's YAML options file, as given to prescale run --config (either name"
                            + " is taken).")
    Path file;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Whether either option was given. */
    boolean given() {
        return file != null || !options.isEmpty();
    }

    /** The job's configuration as the options give it; a usage error naming a bad one. */
    Configuration configuration() {
        List<String> args = new ArrayList<>();
        if (file != null) {
            PathOptions.requireInputFile(spec, "--job-config", file);
            args.addAll(List.of("--config", file.toString()));
        }
        options.forEach((k, v) -> args.add("-D" + k + "=" + v));
        try {
            return JobConfig.fromArgs(args.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
