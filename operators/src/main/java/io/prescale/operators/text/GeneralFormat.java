package io.prescale.operators.text;

import java.util.Locale;

/**
 * {@code String.format(Locale.ROOT, "%.Pg", x)} without {@link java.util.Formatter}, which parses
 * the pattern with a regular expression and builds new decimal format symbols on every call (a
 * third of the allocation operator's CPU went there, one reason per decision).
 *
 * <p>Java's {@code %.Pg}: the decimal digits of x (those {@link Double#toString} prints) are
 * rounded half up to P significant digits, giving {@code m = d.ddd × 10^e}; for {@code -4 ≤ e < P}
 * m is written plainly with {@code P − 1 − e} digits after the point (none and no point when that
 * is 0), otherwise as {@code d.ddde±XX} (at least two exponent digits). Zero is {@code 0.000…},
 * negative values (−0.0 too) get a leading '-', infinities are {@code Infinity}, NaN is {@code
 * NaN}.
 *
 * <p>The formatter takes its digits from an internal variant of the same conversion that may differ
 * from {@code Double.toString}'s in the last place; the rounding can then differ only when the
 * digits after the P-th lie within about 10⁻¹¹ of one half of the P-th digit's unit. Such values
 * are handed to {@link String#format}, so the result is always the formatter's.
 */
public final class GeneralFormat {
    private GeneralFormat() {}

    /**
     * The text of {@code "%.Pg"} for {@code value} with {@code P = precision}.
     *
     * @throws IllegalArgumentException unless 1 &le; precision &le; 15
     */
    public static String format(double value, int precision) {
        if (precision < 1 || precision > 15) {
            throw new IllegalArgumentException("precision must be in [1, 15], was " + precision);
        }
        if (Double.isNaN(value)) {
            return "NaN";
        }
        boolean negative = Double.compare(value, 0.0) < 0;
        double v = Math.abs(value);
        StringBuilder out = new StringBuilder(precision + 8);
        if (negative) {
            out.append('-');
        }
        if (Double.isInfinite(v)) {
            return out.append("Infinity").toString();
        }
        if (v == 0) {
            out.append('0');
            if (precision > 1) {
                out.append('.').append("0".repeat(precision - 1));
            }
            return out.toString();
        }
        Digits d = Digits.of(v);
        if (d.nearHalf(precision)) {
            return String.format(Locale.ROOT, "%." + precision + "g", value);
        }
        d.round(precision);
        if (d.exponent >= -4 && d.exponent < precision) {
            plain(out, d, precision);
        } else {
            scientific(out, d, precision);
        }
        return out.toString();
    }

    /** {@code m} with {@code P − 1 − e} digits after the point. */
    private static void plain(StringBuilder out, Digits d, int precision) {
        int e = d.exponent;
        if (e < 0) {
            out.append("0.");
            out.append("0".repeat(-e - 1));
            out.append(d.digits, 0, precision);
            return;
        }
        out.append(d.digits, 0, e + 1);
        if (e + 1 < precision) {
            out.append('.').append(d.digits, e + 1, precision - e - 1);
        }
    }

    private static void scientific(StringBuilder out, Digits d, int precision) {
        out.append(d.digits[0]);
        if (precision > 1) {
            out.append('.').append(d.digits, 1, precision - 1);
        }
        int e = d.exponent;
        out.append('e').append(e < 0 ? '-' : '+');
        int a = Math.abs(e);
        if (a < 10) {
            out.append('0');
        }
        out.append(a);
    }

    /** The decimal digits of a positive finite double, d₀.d₁d₂… × 10^exponent. */
    private static final class Digits {
        /** Significant digits, padded with '0' to at least 17 + 1 places. */
        final char[] digits;

        /** How many of {@link #digits} are the number's (the rest are padding). */
        final int count;

        int exponent;

        private Digits(char[] digits, int count, int exponent) {
            this.digits = digits;
            this.count = count;
            this.exponent = exponent;
        }

        /** From {@link Double#toString}: {@code 123.45}, {@code 0.00123} or {@code 1.2345E-5}. */
        static Digits of(double v) {
            String s = Double.toString(v);
            int ePos = s.indexOf('E');
            String mantissa = ePos < 0 ? s : s.substring(0, ePos);
            int exp10 = ePos < 0 ? 0 : Integer.parseInt(s.substring(ePos + 1));
            int point = mantissa.indexOf('.');
            char[] digits = new char[32];
            java.util.Arrays.fill(digits, '0');
            int n = 0;
            int firstNonZero = -1;
            for (int i = 0; i < mantissa.length(); i++) {
                char c = mantissa.charAt(i);
                if (c == '.') {
                    continue;
                }
                if (firstNonZero < 0) {
                    if (c == '0') {
                        continue;
                    }
                    firstNonZero = i;
                }
                digits[n++] = c;
            }
            // the exponent of the first significant digit
            int e =
                    (firstNonZero < point ? point - firstNonZero - 1 : point - firstNonZero)
                            + exp10;
            while (n > 1 && digits[n - 1] == '0') {
                n--;
            }
            return new Digits(digits, n, e);
        }

        /**
         * Whether the digits after the first {@code p} are so close to one half of the p-th digit's
         * unit ("5000000000…" or "4999999999…") that another conversion's last-place difference
         * could round the other way.
         */
        boolean nearHalf(int p) {
            if (count <= p) {
                return false;
            }
            char first = digits[p];
            if (first != '5' && first != '4') {
                return false;
            }
            char fill = first == '5' ? '0' : '9';
            int run = 0;
            for (int i = p + 1; i < digits.length && run < 10; i++) {
                if (i < count ? digits[i] != fill : fill != '0') {
                    return false;
                }
                run++;
            }
            return true;
        }

        /** Rounds half up to {@code p} significant digits (a carry may raise the exponent). */
        void round(int p) {
            if (count <= p || digits[p] < '5') {
                return;
            }
            int i = p - 1;
            while (i >= 0 && digits[i] == '9') {
                digits[i] = '0';
                i--;
            }
            if (i >= 0) {
                digits[i]++;
            } else {
                System.arraycopy(digits, 0, digits, 1, p - 1);
                digits[0] = '1';
                exponent++;
            }
        }
    }
}
