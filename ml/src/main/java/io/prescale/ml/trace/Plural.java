package io.prescale.ml.trace;

/**
 * A count and its noun as the commands' messages say them: {@code 1 step}, {@code 2 steps}, {@code
 * 1 entity}, {@code 0 entities}.
 */
public final class Plural {
    private Plural() {}

    /**
     * {@code n} and {@code one}, with an {@code s} unless n is 1: {@code 1 step}, {@code 3 steps}.
     */
    public static String of(long n, String one) {
        return n + " " + noun(n, one, one + "s");
    }

    /** {@code n} and {@code one} or {@code many}: {@code 1 entity}, {@code 3 entities}. */
    public static String of(long n, String one, String many) {
        return n + " " + noun(n, one, many);
    }

    /**
     * {@code one} when n is 1, else {@code many}, for a count formatted otherwise ({@code %,d}).
     */
    public static String noun(long n, String one, String many) {
        return n == 1 ? one : many;
    }

    /** The first five of {@code names}, and how many more: {@code a, b, c, d, e and 3 more}. */
    public static String firstNames(java.util.List<String> names) {
        String first = String.join(", ", names.subList(0, Math.min(5, names.size())));
        return names.size() <= 5 ? first : first + " and " + (names.size() - 5) + " more";
    }

    /** {@code text} cut to its first 80 characters and {@code ...}, for quoting in a message. */
    public static String shortened(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
