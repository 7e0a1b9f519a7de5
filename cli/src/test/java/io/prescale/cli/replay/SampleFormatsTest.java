package io.prescale.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.MetricSample;
import io.prescale.model.ParseResult;
import io.prescale.model.ParserConfig;
import io.prescale.model.SampleParser;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleFormatsTest {
    private static final Instant TS = Instant.parse("2017-01-01T00:05:00Z");

    @Test
    void namesWithQuotesBackslashesAndTabsReadBackAsWritten() {
        String entity = "vm \"a\"\\b\tc";
        MetricSample s = new MetricSample(entity, null, TS, Map.of("cpu\tpct", 12.5), null);

        ParseResult r = new SampleParser(ParserConfig.defaults()).parse(SampleFormats.json(s), TS);

        assertThat(r.rejections()).isEmpty();
        assertThat(r.samples())
                .singleElement()
                .satisfies(
                        back -> {
                            assertThat(back.entity()).isEqualTo(entity);
                            assertThat(back.metrics()).containsExactly(Map.entry("cpu\tpct", 12.5));
                        });
    }
}
