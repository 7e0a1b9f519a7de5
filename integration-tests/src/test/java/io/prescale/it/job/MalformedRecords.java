package io.prescale.it.job;

import io.prescale.cli.replay.Replayer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Bad records of several kinds, each with a word its dead-letter reason must contain. */
final class MalformedRecords {
    private MalformedRecords() {}

    record Bad(String kind, Replayer.Payload payload, String expectedReason) {}

    private static final String[][] KINDS = {
        // kind, payload, word the reason must contain
        {"truncated json", "{\"entity\":\"vm-bad\",\"ts\":\"2017-01-01T00:00:00Z\",\"metr", "json"},
        {"missing entity", "{\"ts\":\"2017-01-01T00:00:00Z\",\"metrics\":{\"cpu\":1.0}}", "entity"},
        {
            "non-finite value",
            "{\"entity\":\"vm-bad\",\"ts\":\"2017-01-01T00:00:00Z\",\"metrics\":{\"cpu\":\"NaN\"}}",
            "cpu"
        },
        {
            "unknown version",
            "{\"v\":99,\"entity\":\"vm-bad\",\"ts\":\"2017-01-01T00:00:00Z\",\"metrics\":{\"cpu\":1.0}}",
            "version"
        },
        {
            "bad timestamp",
            "{\"entity\":\"vm-bad\",\"ts\":\"yesterday\",\"metrics\":{\"cpu\":1.0}}",
            "ts"
        },
        {
            "line protocol without entity tag",
            "azure,zone=a cpu_avg_pct=1.5 1483228800000000000",
            "host"
        },
        {
            "line protocol bad field",
            "azure,host=vm-bad cpu_avg_pct=abc 1483228800000000000",
            "cpu_avg_pct"
        },
        {
            "out of range value",
            "{\"entity\":\"vm-bad\",\"ts\":\"2017-01-01T00:00:00Z\",\"metrics\":{\"cpu\":1e300}}",
            "range"
        },
        {
            // the ITCase's demand metric: a demand below 0 is refused, as by the backtest
            "negative demand",
            "{\"entity\":\"vm-bad\",\"ts\":\"2017-01-01T00:00:00Z\",\"metrics\":{\"cpu_max_pct\":-5}}",
            "negative"
        },
    };

    /** About 1 % of {@code valid} bad records, cycling through every kind. */
    static List<Bad> onePercentOf(int valid) {
        int n = Math.max(KINDS.length, valid / 100);
        List<Bad> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String[] k = KINDS[i % KINDS.length];
            out.add(
                    new Bad(
                            k[0],
                            new Replayer.Payload("bad-" + i, k[1].getBytes(StandardCharsets.UTF_8)),
                            k[2]));
        }
        // a record Kafka and the parser take whose dead letter, its value in base64, was over the
        // producer's 1 MiB: the job restarted on it for ever (the twenty-eighth tester)
        String large =
                "{\"v\":1,\"entity\":\"vm-bad\",\"ts\":\"2017-01-01T00:00:00Z\","
                        + "\"metrics\":{\"cpu\":1.0},\"labels\":{\"x\":\""
                        + "B".repeat(800_000)
                        + "\"}}";
        out.add(
                new Bad(
                        "record of 0.8 MB",
                        new Replayer.Payload("bad-large", large.getBytes(StandardCharsets.UTF_8)),
                        "a name may have"));
        return out;
    }
}
