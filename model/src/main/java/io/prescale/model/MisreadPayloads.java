package io.prescale.model;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * What a rejected {@code prescale.metrics} payload was probably meant as, for the reasons {@link
 * SampleParser} gives: a JSON sample behind other bytes, text that is no format at all, a
 * line-protocol time in another unit. Only rejected payloads are looked at.
 */
final class MisreadPayloads {
    private MisreadPayloads() {}

    /**
     * Why a payload that gave no sample as line protocol is not meant as line protocol at all, or
     * null when it may be: a JSON object behind other bytes (a byte-order mark, a prefix), as its
     * first <code>{</code> comes before any {@code =}, or a first line without the {@code =} that
     * every point's fields have ({@code not json at all}). Its parse as line protocol would
     * otherwise be the reason ({@code field json has no '='}), misleading a sender of JSON.
     */
    static String neitherFormat(byte[] payload) {
        int brace = indexOf(payload, (byte) '{', 0);
        int equals = indexOf(payload, (byte) '=', 0);
        if (brace > 0 && (equals < 0 || brace < equals)) {
            return "a JSON object starts with '{', and this payload has "
                    + brace
                    + " byte(s) before its first '{' ("
                    + hex(payload, brace)
                    + ")";
        }
        int start = 0;
        while (start < payload.length && Character.isWhitespace(payload[start])) {
            start++;
        }
        int end = indexOf(payload, (byte) '\n', start);
        end = end < 0 ? payload.length : end;
        if (equals < 0 || equals > end) {
            String line = new String(payload, start, end - start, StandardCharsets.UTF_8).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                return "the payload does not start with '{', and its first line has no"
                        + " field=value: '"
                        + (line.length() > 60 ? line.substring(0, 60) + "..." : line)
                        + "'";
            }
        }
        return null;
    }

    private static int indexOf(byte[] payload, byte b, int from) {
        for (int i = from; i < payload.length; i++) {
            if (payload[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The first {@code n} bytes (at most 8) in hex: {@code 0xEF 0xBB 0xBF}. */
    private static String hex(byte[] payload, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(n, 8); i++) {
            out.append(i == 0 ? "" : " ").append(String.format("0x%02X", payload[i] & 0xFF));
        }
        return n > 8 ? out + " ..." : out.toString();
    }

    /**
     * For a line-protocol time outside the skew window: {@code "; line protocol timestamps are in
     * ns (parser.line-protocol-precision): 1700000000000 in ms would be 2023-11-14T22:13:20Z"} when
     * its integer read in another unit (s, ms, us, ns) is a plausible time, from 2000 to a year
     * after {@code now}; else {@code ""}. The units are 1000 apart and that span is narrower, so at
     * most one other reading is plausible, and none when the configured one is.
     */
    static String precisionHint(Instant ts, Instant now, TimeUnit precision) {
        return hint(
                ts,
                now,
                precision,
                "line protocol timestamps are in "
                        + unitName(precision)
                        + " (parser.line-protocol-precision)");
    }

    /**
     * For a JSON {@code ts} outside the skew window, as {@link #precisionHint}: {@code "; a JSON ts
     * number is epoch milliseconds: 1700000000 in s would be 2023-11-14T22:13:20Z"}.
     */
    static String jsonHint(Instant ts, Instant now) {
        return hint(
                ts,
                now,
                TimeUnit.MILLISECONDS,
                "a JSON ts number is epoch milliseconds (or give ISO-8601 text)");
    }

    private static String hint(Instant ts, Instant now, TimeUnit precision, String rule) {
        long perSecond = precision.convert(1, TimeUnit.SECONDS);
        long raw = ts.getEpochSecond() * perSecond + ts.getNano() / precision.toNanos(1);
        for (TimeUnit unit : UNITS) {
            Instant other = unit == precision ? null : instant(raw, unit);
            if (other != null
                    && !other.isBefore(PLAUSIBLE_FROM)
                    && !other.isAfter(now.plus(Duration.ofDays(366)))) {
                return "; " + rule + ": " + raw + " in " + unitName(unit) + " would be " + other;
            }
        }
        return "";
    }

    private static final TimeUnit[] UNITS = {
        TimeUnit.SECONDS, TimeUnit.MILLISECONDS, TimeUnit.MICROSECONDS, TimeUnit.NANOSECONDS
    };

    private static final Instant PLAUSIBLE_FROM = Instant.parse("2000-01-01T00:00:00Z");

    /** {@code raw} units since the epoch, or null beyond what an {@link Instant} holds. */
    private static Instant instant(long raw, TimeUnit unit) {
        long perSecond = unit.convert(1, TimeUnit.SECONDS);
        try {
            return Instant.ofEpochSecond(
                    Math.floorDiv(raw, perSecond), Math.floorMod(raw, perSecond) * unit.toNanos(1));
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String unitName(TimeUnit unit) {
        return switch (unit) {
            case SECONDS -> "s";
            case MILLISECONDS -> "ms";
            case MICROSECONDS -> "us";
            default -> "ns";
        };
    }
}
