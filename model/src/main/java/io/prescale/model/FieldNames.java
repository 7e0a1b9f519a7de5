package io.prescale.model;

import java.util.Locale;

/**
 * A hint for a misspelt field name: the known name it is a slip of. Used only once a record is
 * already rejected, so its cost is no concern.
 */
final class FieldNames {
    private FieldNames() {}

    /**
     * {@code "; did you mean 'ts'?"} when {@code field} is a near miss of one of {@code known},
     * else {@code ""}. A near miss differs in case only, or (ignoring case) by at most one edit in
     * a name of up to 4 letters and two in a longer one, an edit being an insertion, deletion,
     * substitution or swap of neighbours ({@code "lables"} for {@code "labels"}); a name of one or
     * two letters ({@code "v"}, {@code "ts"}) only in case. A field naming a time ({@code
     * "timestamp"}, {@code "time"}) is a slip of {@code "ts"} when that is known.
     */
    static String didYouMean(String field, String... known) {
        String lower = field.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(lower, k.toLowerCase(Locale.ROOT));
            int allowed = k.length() <= 2 ? 0 : k.length() <= 4 ? 1 : 2;
            if (d <= allowed && d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        if (best == null && lower.contains("time")) {
            for (String k : known) {
                if (k.equals("ts")) {
                    best = k;
                }
            }
        }
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    /** The optimal-string-alignment distance: Levenshtein's with swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int change = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] =
                        Math.min(
                                Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1),
                                d[i - 1][j - 1] + change);
                if (i > 1
                        && j > 1
                        && a.charAt(i - 1) == b.charAt(j - 2)
                        && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
