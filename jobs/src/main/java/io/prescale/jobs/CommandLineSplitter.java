package io.prescale.jobs;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a worker command line into arguments like a POSIX shell does for words: on unquoted
 * whitespace, with {@code '...'} taken literally and {@code "..."} keeping spaces (a backslash
 * escapes {@code "} and {@code \} inside double quotes). No expansion of variables or globs: the
 * worker gets exactly the text written.
 */
final class CommandLineSplitter {
    private CommandLineSplitter() {}

    /**
     * @param key the option the line comes from, named in error messages
     * @throws IllegalArgumentException on an unclosed quote or an empty line
     */
    static List<String> split(String key, String line) {
        List<String> args = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\'
                        && i + 1 < line.length()
                        && "\"\\".indexOf(line.charAt(i + 1)) >= 0) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    args.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                inWord = true;
                if (c == '\'' || c == '"') {
                    quote = c;
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException(
                    key + ": unclosed " + quote + " quote in '" + line + "'");
        }
        if (inWord) {
            args.add(word.toString());
        }
        if (args.isEmpty()) {
            throw new IllegalArgumentException(key + " must name a command, was '" + line + "'");
        }
        return args;
    }
}
