package io.prescale.cli;

import io.prescale.model.Decimals;
import picocli.CommandLine;

/**
 * Strict converters for every numeric option of every command. picocli's own take what Java's
 * parsers take: {@code Double.valueOf} reads {@code 12d}, {@code 0x1p3} and {@code NaN}, {@code
 * Integer.parseInt} reads any Unicode digit ({@code ٣}, {@code ３}). An option's number is ASCII
 * decimal, blanks around it no part of it (as a job option's), or refused with a message that
 * picocli prefixes with the option (exit code 2).
 */
final class OptionNumbers {
    private OptionNumbers() {}

    /** Registers the converters on {@code cli} and every subcommand it has. */
    static void register(CommandLine cli) {
        cli.registerConverter(Double.class, OptionNumbers::decimal);
        cli.registerConverter(double.class, OptionNumbers::decimal);
        cli.registerConverter(Integer.class, OptionNumbers::integer);
        cli.registerConverter(int.class, OptionNumbers::integer);
        cli.registerConverter(Long.class, OptionNumbers::longInteger);
        cli.registerConverter(long.class, OptionNumbers::longInteger);
    }

    /**
     * An option's decimal number. One beyond a double's range ({@code 1e400}) or nearer 0 than its
     * least ({@code 1e-400}) is refused rather than read as infinity or 0, and {@code -0} is 0.
     */
    static Double decimal(String value) {
        String v = value.strip();
        if (!Decimals.isDecimal(v)) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a decimal number (such as 0.05 or 1e-3)");
        }
        Decimals.outOfRange(v)
                .ifPresent(
                        why -> {
                            throw new CommandLine.TypeConversionException("'" + value + "' " + why);
                        });
        return Double.parseDouble(v) + 0.0;
    }

    /** An option's whole number in an {@code int}'s range. */
    static Integer integer(String value) {
        long v = longInteger(value);
        if (v != (int) v) {
            throw beyond(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        return (int) v;
    }

    /** An option's whole number in a {@code long}'s range. */
    static Long longInteger(String value) {
        if (!Decimals.isWhole(value.strip())) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a whole number in ASCII digits (such as 2 or 30)");
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw beyond(value, Long.MIN_VALUE, Long.MAX_VALUE);
        }
    }

    private static CommandLine.TypeConversionException beyond(String value, long min, long max) {
        return new CommandLine.TypeConversionException(
                "'" + value + "' is beyond the range " + min + ".." + max);
    }
}
