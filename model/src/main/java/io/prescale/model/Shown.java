package io.prescale.model;

/** Text from input quoted for a message: cut to 64 characters, control characters shown as ?. */
public final class Shown {
    private Shown() {}

    /**
     * {@code text} in quotes, its first 64 characters, a line break as {@code \n}, a tab as {@code
     * \t} and any other control character as {@code ?}, so that a message never prints them raw.
     */
    public static String quoted(String text) {
        return Checks.shown(text);
    }

    /**
     * {@code text} whole, a line break as {@code \n}, a tab as {@code \t} and any other control
     * character as {@code ?}: for text a peer sent that a message carries (a receiver's answer).
     */
    public static String escaped(String text) {
        return Checks.escaped(text);
    }
}
