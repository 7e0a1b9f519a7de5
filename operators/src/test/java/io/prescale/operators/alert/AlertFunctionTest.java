package io.prescale.operators.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.alert.AlertSettings;
import io.prescale.model.Alert;
import io.prescale.model.AlertKind;
import io.prescale.model.Severity;
import io.prescale.operators.Harnesses;
import io.prescale.operators.window.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The two alert steps chained: hysteresis per series, then suppression per entity and kind. */
class AlertFunctionTest {
    private static final Instant T = Instant.parse("2017-01-01T10:00:00Z");
    private static final AlertSettings SETTINGS =
            new AlertSettings(0.9, 0.5, 0.99, Duration.ofMinutes(30));

    private static KeyedOneInputStreamOperatorTestHarness<SeriesKey, AnomalyScore, AnomalyScore>
            raise(OperatorSubtaskState restore) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new AlertRaiseFunction(SETTINGS, Duration.ofDays(1))),
                        (AnomalyScore s) -> new SeriesKey(s.entity(), s.metric()),
                        TypeInformation.of(SeriesKey.class));
        return Harnesses.open(h, restore);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, AnomalyScore, Alert> alert(
            OperatorSubtaskState restore) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new AlertFunction(SETTINGS, Duration.ofDays(1))),
                        AnomalyScore::entity,
                        Types.STRING);
        return Harnesses.open(h, restore);
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

    /** A bound within 10⁻¹² of the observed value's size from 0 is said as 0, not as 2.4e-30. */
    @Test
    void aBoundOfRoundingNoiseAroundZeroReadsAsZero() throws Exception {
        var a = alert(null);
        a.processElement(
                new AnomalyScore(
                        "vm",
                        "disk",
                        AlertKind.FORECAST_MISS,
                        1,
                        2423190,
                        -1e-31,
                        2.4416687093912767E-30,
                        T,
                        "test"),
                0);
        assertThat(a.extractOutputValues())
                .singleElement()
                .satisfies(
                        alert -> {
                            assertThat(alert.expectedLower()).isZero();
                            assertThat(alert.expectedUpper()).isZero();
                        });
        a.close();
    }

    private static void run(
            KeyedOneInputStreamOperatorTestHarness<SeriesKey, AnomalyScore, AnomalyScore> r,
            KeyedOneInputStreamOperatorTestHarness<String, AnomalyScore, Alert> a,
            List<AnomalyScore> scores)
            throws Exception {
        int seen = r.extractOutputValues().size();
        for (AnomalyScore s : scores) {
            r.processElement(s, 0);
        }
        List<AnomalyScore> raises = r.extractOutputValues();
        for (AnomalyScore s : raises.subList(seen, raises.size())) {
            a.processElement(s, 0);
        }
    }

    @Test
    void raisesOnceWithHysteresisAndSuppressesTheSameKindWithinTheWindow() throws Exception {
        var r = raise(null);
        var a = alert(null);
        run(
                r,
                a,
                List.of(
                        score("cpu", 0, 0.95),
                        score("cpu", 5, 0.97),
                        score("cpu", 10, 0.7),
                        score("cpu", 15, 0.4),
                        score("cpu", 20, 0.999),
                        score("mem", 25, 0.93),
                        score("cpu", 40, 0.2),
                        score("cpu", 45, 0.92)));
        assertThat(r.extractOutputValues())
                .as("raises: the first, after the clear, mem, after the second clear")
                .extracting(s -> s.metric() + "@" + s.time().getEpochSecond() % 3600 / 60)
                .containsExactly("cpu@0", "cpu@20", "mem@25", "cpu@45");
        assertThat(a.extractOutputValues())
                .extracting(x -> x.metric() + "@" + x.time() + " " + x.severity())
                .as("10:20 escalates past the warning; mem and 10:45 suppressed by it")
                .containsExactly(
                        "cpu@2017-01-01T10:00:00Z " + Severity.WARNING,
                        "cpu@2017-01-01T10:20:00Z " + Severity.CRITICAL);
        Harnesses.assertKeyedEntries(r, 2, "the raised kinds of cpu and of mem");
        Harnesses.assertKeyedEntries(
                a, 1, "one entity's map: its last alert and last critical per kind");
        r.close();
        a.close();
    }

    @Test
    void raisedSeriesAndSuppressionSurviveARestore() throws Exception {
        var r = raise(null);
        var a = alert(null);
        run(r, a, List.of(score("cpu", 0, 0.999)));
        assertThat(a.extractOutputValues())
                .extracting(Alert::severity)
                .containsExactly(Severity.CRITICAL);
        OperatorSubtaskState rs = r.snapshot(1, 1);
        OperatorSubtaskState as = a.snapshot(1, 1);
        r.close();
        a.close();
        var r2 = raise(rs);
        var a2 = alert(as);
        run(r2, a2, List.of(score("cpu", 5, 0.95), score("mem", 6, 0.95)));
        assertThat(r2.extractOutputValues())
                .as("cpu still raised")
                .extracting(s -> s.metric())
                .containsExactly("mem");
        assertThat(a2.extractOutputValues()).as("mem suppressed by cpu's alert").isEmpty();
        run(r2, a2, List.of(score("mem", 7, 0.2), score("mem", 8, 0.999)));
        assertThat(a2.extractOutputValues())
                .as("a critical suppressed by the critical before the restore")
                .isEmpty();
        r2.close();
        a2.close();
    }

    /**
     * The forty-first tester's 0.285 then 1.0, one step apart with no clear between: the series,
     * raised by the warning, is raised again by the critical score, and alerts again; a second
     * critical score while raised does not.
     */
    @Test
    void aRaisedWarningEscalatesToACriticalWithoutAClear() throws Exception {
        var r = raise(null);
        var a = alert(null);
        run(
                r,
                a,
                List.of(
                        score("cpu", 0, 0.92),
                        score("cpu", 1, 0.999),
                        score("cpu", 2, 0.995),
                        score("cpu", 3, 0.95)));
        assertThat(a.extractOutputValues())
                .extracting(x -> x.time().getEpochSecond() % 3600 / 60 + " " + x.severity())
                .containsExactly("0 WARNING", "1 CRITICAL");
        r.close();
        a.close();
    }

    /**
     * The forty-third tester's mem alert 40 min after cpu's came in first (another subtask): cpu's
     * earlier alert was suppressed by it. A raise from before the last alert is not.
     */
    @Test
    void anEarlierRaiseThatComesInLateIsNotSuppressedByALaterAlert() throws Exception {
        var a = alert(null);
        a.processElement(score("mem", 40, 1.0), 0);
        a.processElement(score("cpu", 0, 1.0), 0);
        a.processElement(score("disk", 50, 1.0), 0);
        assertThat(a.extractOutputValues())
                .extracting(x -> x.metric() + "@" + x.time().getEpochSecond() % 3600 / 60)
                .as("disk, 10 min after mem, suppressed: the later time is kept")
                .containsExactly("mem@40", "cpu@0");
        a.close();
    }

    /** The thirty-sixth tester's WARNING at 0.618 hid the event's 1.0. */
    @Test
    void aCriticalIsNotSuppressedByAWarningButAWarningByACritical() throws Exception {
        var r = raise(null);
        var a = alert(null);
        run(
                r,
                a,
                List.of(
                        score("cpu", 0, 0.92),
                        score("cpu", 1, 0.1),
                        score("cpu", 2, 1.0),
                        score("cpu", 3, 0.1),
                        score("cpu", 4, 0.995),
                        score("cpu", 5, 0.1),
                        score("cpu", 6, 0.93),
                        score("cpu", 31, 0.1),
                        score("cpu", 32, 1.0)));
        assertThat(a.extractOutputValues())
                .extracting(x -> x.time().getEpochSecond() % 3600 / 60 + " " + x.severity())
                .containsExactly("0 WARNING", "2 CRITICAL", "32 CRITICAL");
        r.close();
        a.close();
    }
}
