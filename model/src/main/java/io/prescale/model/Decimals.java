package io.prescale.model;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Numbers written as text by people and tools: ASCII digits with an optional sign, point and
 * exponent ({@code 0.01}, {@code 5}, {@code .5}, {@code 1e-3}). Java's own parsers read more, which
 * no CSV or option means: {@code 12d}, {@code 5F}, {@code 0x1p3}, and any Unicode digit in {@code
 * Integer.parseInt}.
 */
public final class Decimals {
    /** A decimal number, such as 0.01, 5, .5 or 1e-3. */
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]+");

    private static final Pattern NOT_FINITE = Pattern.compile("[+-]?(NaN|Infinity)");

    private Decimals() {}

    /** Whether {@code text} is a decimal number as {@link #DECIMAL} has it. */
    public static boolean isDecimal(String text) {
        return DECIMAL.matcher(text).matches();
    }

    /**
     * Why the decimal {@code text} names no double, if it does not ("is beyond the range of a
     * number ..."), for the caller to put after the text as written: Java reads one beyond a
     * double's range ({@code 1e400}) as an infinity and one below its least ({@code 1e-400}) as 0,
     * and a refusal would then show a number that was not written.
     */
    public static Optional<String> outOfRange(String text) {
        String t = text.strip();
        if (!isDecimal(t)) {
            return Optional.empty();
        }
        double v = Double.parseDouble(t);
        if (Double.isInfinite(v)) {
            return Optional.of("is beyond the range of a number (about 1.8e308)");
        }
        if (v == 0 && t.replaceFirst("[eE].*", "").matches(".*[1-9].*")) {
            return Optional.of("is nearer 0 than a number can be (about 4.9e-324) but is not 0");
        }
        return Optional.empty();
    }

    /**
     * Whether {@code text} is a whole number in ASCII digits with an optional sign: {@code
     * Integer.parseInt} reads any Unicode digit ({@code ٣} as 3).
     */
    public static boolean isWhole(String text) {
        return WHOLE.matcher(text).matches();
    }

    /**
     * {@code text} as a whole number ({@link #isWhole}), blanks around it no part of it.
     *
     * @throws NumberFormatException for anything else, or one beyond an {@code int}'s range
     */
    public static int parseWhole(String text) {
        String t = text.strip();
        if (!isWhole(t)) {
            throw new NumberFormatException("'" + text + "' is not a whole number");
        }
        return Integer.parseInt(t);
    }

    /**
     * {@code value} as a reader writes it: the shortest decimal that reads back as {@code value},
     * without a trailing {@code .0} ({@code 5}, {@code 0.00001}, {@code 0.5}), and with an exponent
     * only from 10<sup>18</sup> up or below 10<sup>-7</sup> ({@code 1e18}, {@code 1e-300}, not 19
     * or 302 digits). NaN and the infinities as Java writes them.
     */
    public static String plain(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        BigDecimal d = BigDecimal.valueOf(value).stripTrailingZeros();
        double size = Math.abs(value);
        return size == 0 || (size >= 1e-7 && size < 1e18)
                ? d.toPlainString()
                : d.toString().replace("E+", "e").replace('E', 'e');
    }

    /**
     * {@code field must be in [min, max], was value}, the numbers as {@link #plain} writes them.
     */
    public static String mustBeIn(String field, double min, double max, double value) {
        return field + " must be in [" + plain(min) + ", " + plain(max) + "], was " + plain(value);
    }

    /**
     * {@code text} as a number: a decimal, or NaN or an infinity written as Java writes them, for
     * the caller to refuse as not finite with its own words; blanks around it are no part of it.
     *
     * @throws NumberFormatException for anything else ({@code 12d}, {@code 0x1p3}, {@code 1,5})
     */
    public static double parse(String text) {
        String t = text.strip(); // blanks around it, as Double.parseDouble takes them
        if (!isDecimal(t) && !NOT_FINITE.matcher(t).matches()) {
            throw new NumberFormatException("'" + text + "' is not a decimal number");
        }
        return Double.parseDouble(t);
    }
}
