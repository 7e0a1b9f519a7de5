package io.prescale.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.JsonCodec;
import io.prescale.model.MetricSample;
import io.prescale.model.ParseResult;
import io.prescale.model.ParserConfig;
import io.prescale.model.SampleParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One contract, run against the Kafka publisher (over Kafka's MockProducer) and the fake. */
class SamplePublisherContractTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    abstract static class Contract {
        abstract SamplePublisher publisher();

        abstract void failNextSend();

        private static MetricSample sample(String entity) {
            return new MetricSample(entity, null, T0, Map.of("cpu_pct", 12.5), Map.of());
        }

        @Test
        void countsEverySampleAfterFlush() {
            SamplePublisher p = publisher();
            for (int i = 0; i < 5; i++) {
                p.publish(sample("web0" + i));
            }
            p.flush();
            assertThat(p.published()).isEqualTo(5);
            assertThat(p.failed()).isZero();
            assertThat(p.lastFailure()).isNull();
        }

        @Test
        void aFailedSendIsCountedAndTheNextOneStillGoesOut() {
            SamplePublisher p = publisher();
            failNextSend();
            p.publish(sample("web01"));
            p.publish(sample("web02"));
            p.flush();
            assertThat(p.failed()).isEqualTo(1);
            assertThat(p.published()).isEqualTo(1);
            assertThat(p.lastFailure()).startsWith("not published to ");
        }

        @Test
        void closeIsIdempotent() {
            SamplePublisher p = publisher();
            p.publish(sample("web01"));
            p.close();
            p.close();
        }
    }

    @Nested
    class Kafka extends Contract {
        private final MockProducer<byte[], byte[]> producer =
                new MockProducer<>(
                        false, null, new ByteArraySerializer(), new ByteArraySerializer());
        private boolean failNext;
        private final KafkaSamplePublisher publisher =
                new KafkaSamplePublisher(producer, "127.0.0.1:9092", "prescale.metrics");

        @Override
        SamplePublisher publisher() {
            return new SamplePublisher() {
                @Override
                public void publish(MetricSample sample) {
                    publisher.publish(sample);
                    if (failNext) {
                        failNext = false;
                        producer.errorNext(new RuntimeException("broker said no"));
                    }
                }

                @Override
                public void flush() {
                    publisher.flush();
                }

                @Override
                public long published() {
                    return publisher.published();
                }

                @Override
                public long failed() {
                    return publisher.failed();
                }

                @Override
                public String lastFailure() {
                    return publisher.lastFailure();
                }

                @Override
                public void close() {
                    publisher.close();
                }
            };
        }

        @Override
        void failNextSend() {
            failNext = true;
        }

        @Test
        void recordsAreJsonSamplesKeyedByEntity() {
            MetricSample s =
                    new MetricSample("web01", "acme", T0, Map.of("cpu_pct", 3.0), Map.of());
            publisher.publish(s);
            publisher.flush();
            var record = producer.history().get(0);
            assertThat(record.topic()).isEqualTo("prescale.metrics");
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("web01");
            ParseResult parsed =
                    new SampleParser(ParserConfig.defaults()).parse(record.value(), T0);
            assertThat(parsed.rejections()).isEmpty();
            assertThat(parsed.samples()).containsExactly(s);
            assertThat(record.value()).isEqualTo(JsonCodec.encode(s));
        }

        @Test
        void aFailureNamesTheTopicAndTheBootstrapServers() {
            failNextSend();
            publisher().publish(new MetricSample("web01", null, T0, Map.of("x", 1.0), Map.of()));
            publisher.flush();
            assertThat(publisher.lastFailure())
                    .isEqualTo(
                            "not published to topic prescale.metrics at bootstrap servers"
                                    + " 127.0.0.1:9092: java.lang.RuntimeException: broker said"
                                    + " no");
        }

        @Test
        void producerIsIdempotentWithAcksAllAndOneRequestInFlight() {
            var props =
                    KafkaSamplePublisher.properties(
                            "localhost:9092", java.time.Duration.ofSeconds(30));
            assertThat(props)
                    .containsEntry("acks", "all")
                    .containsEntry("enable.idempotence", "true")
                    .containsEntry("max.in.flight.requests.per.connection", "1");
            assertThat(props.getProperty("delivery.timeout.ms")).isEqualTo("30000");
        }
    }

    @Nested
    class Fake extends Contract {
        private final TestingSamplePublisher publisher = new TestingSamplePublisher();

        @Override
        SamplePublisher publisher() {
            return publisher;
        }

        @Override
        void failNextSend() {
            publisher.failNext(1);
        }
    }
}
