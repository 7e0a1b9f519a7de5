package io.prescale.cli.replay;

import io.prescale.model.MetricSample;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes samples the way agents send them: the JSON form of DESIGN.md (with the tenant when the
 * sample has one), or Influx line protocol as Telegraf's Kafka output writes it (measurement,
 * {@code host} tag as the entity, float fields, nanosecond timestamp). A line-protocol field {@code
 * f} of measurement {@code m} arrives in the job as metric {@code m_f}.
 */
public final class SampleFormats {
    private SampleFormats() {}

    public static byte[] json(MetricSample s) {
        StringBuilder b = new StringBuilder(128);
        b.append("{\"entity\":\"").append(escapeJson(s.entity()));
        if (s.tenant() != null) {
            b.append("\",\"tenant\":\"").append(escapeJson(s.tenant()));
        }
        b.append("\",\"ts\":\"");
        b.append(s.ts()).append("\",\"metrics\":{");
        String sep = "";
        for (Map.Entry<String, Double> m : s.metrics().entrySet()) {
            b.append(sep)
                    .append('"')
                    .append(escapeJson(m.getKey()))
                    .append("\":")
                    .append(m.getValue());
            sep = ",";
        }
        return b.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] lineProtocol(MetricSample s, String measurement) {
        StringBuilder b = new StringBuilder(128);
        b.append(escapeLp(measurement)).append(",host=").append(escapeLp(s.entity())).append(' ');
        String sep = "";
        for (Map.Entry<String, Double> m : s.metrics().entrySet()) {
            b.append(sep).append(escapeLp(m.getKey())).append('=').append(m.getValue());
            sep = ",";
        }
        long nanos = s.ts().getEpochSecond() * 1_000_000_000L + s.ts().getNano();
        return b.append(' ').append(nanos).toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code s} as the inside of a JSON string: quote, backslash and control characters escaped.
     */
    private static String escapeJson(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String escapeLp(String s) {
        return s.replace(",", "\\,").replace(" ", "\\ ").replace("=", "\\=");
    }
}
