package io.prescale.model;

import java.util.regex.Pattern;

/** Kafka's rule for a topic's name, one place for the options, the agent and the infra command. */
public final class TopicNames {
    /** What a legal name is, as the messages say it. */
    public static final String RULE = "1-249 of [a-zA-Z0-9._-]";

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

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

    /** Whether Kafka takes {@code name} for a topic (not {@code .} nor {@code ..}). */
    public static boolean isLegal(String name) {
        return name != null
                && LEGAL.matcher(name).matches()
                && !".".equals(name)
                && !"..".equals(name);
    }
}
