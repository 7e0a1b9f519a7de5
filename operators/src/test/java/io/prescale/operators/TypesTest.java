package io.prescale.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.ml.overrides.PolicyDefaults;
import io.prescale.ml.overrides.ScopeOverride;
import io.prescale.ml.policy.ClassProfile;
import io.prescale.model.ActuationResult;
import io.prescale.model.Alert;
import io.prescale.model.Feedback;
import io.prescale.model.GatedCommand;
import io.prescale.model.RawRecord;
import io.prescale.operators.alert.AlertFunction;
import io.prescale.operators.alert.AlertRaiseFunction;
import io.prescale.operators.alert.AnomalyScore;
import io.prescale.operators.allocation.AllocationRequest;
import io.prescale.operators.allocation.AllocationSettings;
import io.prescale.operators.allocation.EntityAllocationFunction;
import io.prescale.operators.allocation.EntityEvent;
import io.prescale.operators.allocation.EntitySession;
import io.prescale.operators.allocation.EntityTenants;
import io.prescale.operators.allocation.ResourceSpec;
import io.prescale.operators.allocation.ResourceTrack;
import io.prescale.operators.allocation.SessionSettings;
import io.prescale.operators.feedback.ForecastMemory;
import io.prescale.operators.feedback.ForecastRatings;
import io.prescale.operators.feedback.RatedForecast;
import io.prescale.operators.forecast.ForecastAccuracy;
import io.prescale.operators.forecast.ForecastSettings;
import io.prescale.operators.forecast.SeriesForecastFunction;
import io.prescale.operators.inputs.DecodeOverrides;
import io.prescale.operators.ledger.LedgerEntry;
import io.prescale.operators.ledger.LedgerFunction;
import io.prescale.operators.ledger.LedgerState;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/**
 * Every record that travels between operators or lives in state has a real serializer with Kryo off
 * ({@code pipeline.generic-types: false}), and every function ships to the cluster.
 */
class TypesTest {

    @Test
    void recordsAndStateHaveSerializersWithGenericTypesOff() {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        for (Class<?> c :
                List.of(
                        EntityEvent.class,
                        EntitySession.class,
                        ResourceTrack.class,
                        AllocationRequest.class,
                        ScopeOverride.class,
                        ClassProfile.class,
                        Feedback.Hint.class,
                        Feedback.Rating.class,
                        io.prescale.operators.feedback.ReceivedRating.class,
                        io.prescale.operators.feedback.ReceivedHint.class,
                        // the metrics source's output: a point with the record it came in
                        io.prescale.model.Ingested.class,
                        ActuationResult.class,
                        GatedCommand.class,
                        RawRecord.class,
                        LedgerState.class,
                        LedgerEntry.class,
                        ForecastMemory.class,
                        RatedForecast.class,
                        AnomalyScore.class,
                        ForecastAccuracy.class,
                        io.prescale.model.Forecast.class,
                        Alert.class)) {
            assertThat(TypeInformation.of(c).createSerializer(config)).as(c.getName()).isNotNull();
        }
        assertThatThrownBy(() -> TypeInformation.of(Duration.class).createSerializer(config))
                .as("the check itself: a type without a serializer fails")
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void functionsAreSerializable() throws Exception {
        AllocationSettings settings =
                new AllocationSettings(
                        List.of(new ResourceSpec("cpu", "cpu_pct", "pct")),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(15),
                        new PolicyDefaults(
                                "default",
                                0,
                                io.prescale.ml.policy.PrescaleConfig.defaults(0.01, 2, 288)),
                        SessionSettings.defaults());
        for (Object f :
                List.of(
                        new EntityAllocationFunction(settings),
                        new EntityTenants(1000, 10),
                        new LedgerFunction(Duration.ofDays(1)),
                        new SeriesForecastFunction(
                                ForecastSettings.defaults(Duration.ofMinutes(5), 2),
                                new io.prescale.ml.alert.AlertSettings(
                                        0.9, 0.5, 0.99, Duration.ZERO),
                                new ForecastRatings(10)),
                        new AlertRaiseFunction(
                                new io.prescale.ml.alert.AlertSettings(
                                        0.9, 0.5, 0.99, Duration.ZERO),
                                Duration.ofDays(1)),
                        new AlertFunction(
                                new io.prescale.ml.alert.AlertSettings(
                                        0.9, 0.5, 0.99, Duration.ZERO),
                                Duration.ofDays(1)),
                        new DecodeOverrides(settings.defaults(), 300_000))) {
            Object copy =
                    InstantiationUtil.deserializeObject(
                            InstantiationUtil.serializeObject(f), getClass().getClassLoader());
            assertThat(copy).as(f.getClass().getName()).isInstanceOf(f.getClass());
        }
    }
}
