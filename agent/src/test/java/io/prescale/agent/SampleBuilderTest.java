package io.prescale.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.JsonCodec;
import io.prescale.model.MetricSample;
import io.prescale.model.ParseResult;
import io.prescale.model.ParserConfig;
import io.prescale.model.SampleParser;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleBuilderTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T10 = T0.plusSeconds(10);
    private static final Instant T20 = T0.plusSeconds(20);
    private static final long GIB = 1L << 30;

    private static Reading host(long busy, long total, long disk, long net) {
        return new Reading(
                "web01",
                Map.of("host", "web01"),
                busy,
                total,
                2 * GIB,
                8 * GIB,
                new IoCounters(disk, 2 * disk, 3 * net, net));
    }

    @Test
    void firstReadingYieldsGaugesButNoRates() {
        List<MetricSample> samples = new SampleBuilder(null).build(List.of(host(0, 0, 0, 0)), T0);
        assertThat(samples).hasSize(1);
        assertThat(samples.get(0).metrics())
                .containsOnlyKeys(MetricNames.MEM_USED_BYTES, MetricNames.MEM_USED_PCT)
                .containsEntry(MetricNames.MEM_USED_BYTES, 2.0 * GIB)
                .containsEntry(MetricNames.MEM_USED_PCT, 25.0);
    }

    @Test
    void secondReadingYieldsRatesFromTheDifference() {
        SampleBuilder b = new SampleBuilder("acme");
        b.build(List.of(host(100, 1_000, 1_000, 500)), T0);
        MetricSample s = b.build(List.of(host(400, 3_000, 101_000, 10_500)), T10).get(0);
        assertThat(s.entity()).isEqualTo("web01");
        assertThat(s.tenant()).isEqualTo("acme");
        assertThat(s.ts()).isEqualTo(T10);
        assertThat(s.labels()).containsEntry("host", "web01");
        assertThat(s.metrics())
                .containsEntry(MetricNames.CPU_PCT, 15.0) // 300 busy of 2000 ticks
                .containsEntry(MetricNames.DISK_READ_BPS, 10_000.0) // 100000 B / 10 s
                .containsEntry(MetricNames.DISK_WRITE_BPS, 20_000.0)
                .containsEntry(MetricNames.NET_RX_BPS, 3_000.0)
                .containsEntry(MetricNames.NET_TX_BPS, 1_000.0)
                .containsEntry(MetricNames.MEM_USED_PCT, 25.0);
    }

    @Test
    void countersThatWentBackwardsYieldNoRateForThatIntervalOnly() {
        SampleBuilder b = new SampleBuilder(null);
        b.build(List.of(host(100, 1_000, 50_000, 500)), T0);
        Map<String, Double> restarted =
                b.build(List.of(host(10, 2_000, 1_000, 100)), T10).get(0).metrics();
        assertThat(restarted)
                .doesNotContainKeys(
                        MetricNames.CPU_PCT,
                        MetricNames.DISK_READ_BPS,
                        MetricNames.NET_RX_BPS,
                        MetricNames.NET_TX_BPS)
                .containsKey(MetricNames.MEM_USED_BYTES);
        Map<String, Double> after =
                b.build(List.of(host(210, 4_000, 21_000, 1_100)), T20).get(0).metrics();
        assertThat(after)
                .containsEntry(MetricNames.CPU_PCT, 10.0)
                .containsEntry(MetricNames.DISK_READ_BPS, 2_000.0)
                .containsEntry(MetricNames.NET_TX_BPS, 100.0);
        assertThat(after.values()).allMatch(v -> Double.isFinite(v) && v >= 0);
    }

    @Test
    void processWithoutNetworkCountersHasNoNetworkMetrics() {
        Reading p0 =
                new Reading(
                        "web01/java-42",
                        Map.of(),
                        1_000,
                        4_000,
                        GIB,
                        8 * GIB,
                        IoCounters.diskOnly(0, 0));
        Reading p1 =
                new Reading(
                        "web01/java-42",
                        Map.of(),
                        1_500,
                        8_000,
                        GIB,
                        8 * GIB,
                        IoCounters.diskOnly(4_096, 0));
        SampleBuilder b = new SampleBuilder(null);
        b.build(List.of(p0), T0);
        Map<String, Double> m = b.build(List.of(p1), T10).get(0).metrics();
        assertThat(m)
                .containsEntry(MetricNames.CPU_PCT, 12.5)
                .containsEntry(MetricNames.DISK_READ_BPS, 409.6)
                .containsEntry(MetricNames.MEM_USED_PCT, 12.5)
                .doesNotContainKeys(MetricNames.NET_RX_BPS, MetricNames.NET_TX_BPS);
    }

    @Test
    void anEntityMissingFromARoundStartsAfreshWhenItReturns() {
        SampleBuilder b = new SampleBuilder(null);
        b.build(List.of(host(100, 1_000, 0, 0)), T0);
        b.build(List.of(), T10);
        MetricSample back = b.build(List.of(host(200, 2_000, 0, 0)), T20).get(0);
        assertThat(back.metrics()).doesNotContainKey(MetricNames.CPU_PCT);
    }

    @Test
    void everyBuiltSampleIsAcceptedBySampleParser() {
        SampleParser parser = new SampleParser(ParserConfig.defaults());
        SampleBuilder b = new SampleBuilder("acme");
        b.build(List.of(host(100, 1_000, 1_000, 500)), T0);
        for (MetricSample s : b.build(List.of(host(400, 3_000, 101_000, 10_500)), T10)) {
            ParseResult r = parser.parse(JsonCodec.encode(s), T10);
            assertThat(r.rejections()).isEmpty();
            assertThat(r.samples()).containsExactly(s);
        }
    }
}
