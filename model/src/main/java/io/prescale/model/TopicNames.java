package io.prescale.model;

import java.util.Map;
import java.util.regex.Pattern;

/** Kafka's rule for a topic's name, one place for the options, the agent and the infra command. */
public final class TopicNames {
    /** What a legal name is, as the messages say it. */
    public static final String RULE = "1-249 of [a-zA-Z0-9._-]";

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /** The default name of the topic the job reads samples from. */
    public static final String METRICS = "prescale.metrics";

    /**
     * The default names of the job's other topics, each with the option that names it: samples sent
     * to one of them are not read as samples (on the feedback topic every one is a dead letter, on
     * the commands topic the actuator's).
     */
    public static final Map<String, String> NOT_FOR_SAMPLES =
            Map.of(
                    "prescale.commands", "topics.commands",
                    "prescale.alerts", "topics.alerts",
                    "prescale.actuations", "topics.actuations",
                    "prescale.config", "topics.config",
                    "prescale.feedback", "topics.feedback",
                    "prescale.deadletter", "topics.deadletter",
                    "prescale.windows", "topics.windows",
                    "prescale.forecasts", "topics.forecasts");

    private TopicNames() {}

    /**
     * What is wrong with {@code name} as the topic of {@code option}, said the same way by every
     * command, or {@code null} when Kafka takes it.
     */
    public static String problem(String option, String name) {
        return isLegal(name)
                ? null
                : option + " must be a Kafka topic name, " + RULE + ", was " + Checks.shown(name);
    }

    /**
     * What is wrong with {@code name} as the topic samples are sent to with {@code option} (replay,
     * the agent): a name Kafka refuses, or the default name of another of the job's topics; or
     * {@code null}.
     */
    public static String samplesProblem(String option, String name) {
        String problem = problem(option, name);
        String role = NOT_FOR_SAMPLES.get(name);
        return problem != null || role == null
                ? problem
                : option
                        + " "
                        + name
                        + " is the job's "
                        + role
                        + " by default; it reads samples from topics.metrics ("
                        + METRICS
                        + " by default)";
    }

    /** Whether Kafka takes {@code name} for a topic (not {@code .} nor {@code ..}). */
    public static boolean isLegal(String name) {
        return name != null
                && LEGAL.matcher(name).matches()
                && !".".equals(name)
                && !"..".equals(name);
    }
}
