package io.prescale.operators.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.alert.AlertSettings;
import io.prescale.model.Alert;
import io.prescale.model.AlertKind;
import io.prescale.model.Severity;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class AlertFunctionTest {
    private static final Instant T = Instant.parse("2017-01-01T10:00:00Z");
    private static final AlertSettings SETTINGS =
            new AlertSettings(0.9, 0.5, 0.99, Duration.ofMinutes(30));

    private static KeyedOneInputStreamOperatorTestHarness<String, AnomalyScore, Alert> harness(
            OperatorSubtaskState restore) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new AlertFunction(SETTINGS, Duration.ofDays(1))),
                        AnomalyScore::entity,
                        Types.STRING);
        ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig())
                .setGenericTypes(false);
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    private static AnomalyScore score(String metric, int minute, double s) {
        return new AnomalyScore(
                "vm",
                metric,
                AlertKind.FORECAST_MISS,
                s,
                50,
                10,
                20,
                T.plusSeconds(60L * minute),
                "test");
    }

    @Test
    void raisesOnceWithHysteresisAndSuppressesTheSameKindWithinTheWindow() throws Exception {
        var h = harness(null);
        h.processElement(score("cpu", 0, 0.95), 0);
        h.processElement(score("cpu", 5, 0.97), 0);
        h.processElement(score("cpu", 10, 0.7), 0);
        h.processElement(score("cpu", 15, 0.4), 0);
        h.processElement(score("cpu", 20, 0.999), 0);
        h.processElement(score("mem", 25, 0.93), 0);
        h.processElement(score("cpu", 40, 0.2), 0);
        h.processElement(score("cpu", 45, 0.92), 0);

        assertThat(h.extractOutputValues())
                .extracting(a -> a.metric() + "@" + a.time() + " " + a.severity())
                .containsExactly(
                        "cpu@2017-01-01T10:00:00Z " + Severity.WARNING,
                        "cpu@2017-01-01T10:45:00Z " + Severity.WARNING);
        assertThat(h.numKeyedStateEntries())
                .as("the raised map and the last-alert map")
                .isEqualTo(2);
        h.close();
    }

    @Test
    void raisedSeriesAndSuppressionSurviveARestore() throws Exception {
        var h = harness(null);
        h.processElement(score("cpu", 0, 0.999), 0);
        assertThat(h.extractOutputValues())
                .extracting(Alert::severity)
                .containsExactly(Severity.CRITICAL);
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();
        var restored = harness(snapshot);
        restored.processElement(score("cpu", 5, 0.95), 0);
        restored.processElement(score("mem", 6, 0.95), 0);
        assertThat(restored.extractOutputValues()).as("still raised, then suppressed").isEmpty();
        restored.close();
    }
}
