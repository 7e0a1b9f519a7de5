package io.prescale.jobs;

import static io.prescale.jobs.JobConfig.named;

import io.prescale.ml.alert.AlertSettings;
import io.prescale.ml.overrides.PolicyDefaults;
import io.prescale.ml.policy.PrescaleConfig;
import io.prescale.model.Decimals;
import io.prescale.operators.allocation.AllocationSettings;
import io.prescale.operators.allocation.Reclassification;
import io.prescale.operators.allocation.ResourceSpec;
import io.prescale.operators.allocation.SessionSettings;
import io.prescale.operators.capacity.ArbiterSettings;
import io.prescale.operators.forecast.ForecastSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.configuration.Configuration;

/**
 * Everything the scaling job decides with, read from its options.
 *
 * @param ingest parsing, watermarks and windows
 * @param allocation the per-entity allocation operator
 * @param capacity the capacity arbiter's pools
 * @param forecast the per-series forecasting, detection and scoring
 * @param alerts how anomaly scores become alerts
 * @param retention how long the side operators keep their state
 */
public record JobSettings(
        IngestSettings ingest,
        AllocationSettings allocation,
        ArbiterSettings capacity,
        ForecastSettings forecast,
        AlertSettings alerts,
        Retention retention)
        implements Serializable {

    /**
     * @param alerts alert hysteresis state of a series after its last update
     * @param ledger a ledger line after its last update
     * @param forecastsPerSeries how many one-step forecasts a series remembers
     */
    public record Retention(Duration alerts, Duration ledger, int forecastsPerSeries)
            implements Serializable {}

    public JobSettings {
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(allocation, "allocation");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(forecast, "forecast");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(retention, "retention");
    }

    /**
     * Reads the settings from a configuration validated by {@link JobConfig}.
     *
     * @throws IllegalArgumentException naming the option that does not fit
     */
    public static JobSettings from(Configuration conf) {
        IngestSettings windows = IngestSettings.from(conf);
        AllocationSettings allocation = allocationSettings(conf, windows);
        // a sample whose demand is below 0 is dead-lettered, as the backtest refuses such a trace
        IngestSettings ingest = windows.withDemandMetrics(allocation.demandMetrics());
        return new JobSettings(
                ingest,
                allocation,
                CapacityConfig.settings(conf, windows.window(), allocation.resourceNames()),
                forecastSettings(conf, windows),
                named(
                        "alerts.*",
                        () ->
                                new AlertSettings(
                                        conf.get(JobOptions.ALERT_RAISE_ABOVE),
                                        conf.get(JobOptions.ALERT_CLEAR_BELOW),
                                        conf.get(JobOptions.ALERT_CRITICAL_ABOVE),
                                        conf.get(JobOptions.ALERT_SUPPRESSION))),
                new Retention(
                        conf.get(JobOptions.ALERT_STATE_TTL),
                        conf.get(JobOptions.LEDGER_TTL),
                        JobConfig.atLeast(conf, JobOptions.FEEDBACK_REMEMBERED_FORECASTS, 1)));
    }

    /** The prescale policy over windows of the ingest settings' size. */
    public static AllocationSettings allocationSettings(Configuration conf, IngestSettings ingest) {
        long perDay = Duration.ofDays(1).toMillis() / ingest.window().toMillis();
        JobConfig.within(conf, JobOptions.TARGET_VIOLATION, 0.0001, 0.5);
        JobConfig.atLeast(conf, JobOptions.LEAD_STEPS, 1);
        PrescaleConfig policy =
                named(
                        "allocation.*",
                        () ->
                                PrescaleConfig.defaults(
                                        conf.get(JobOptions.TARGET_VIOLATION),
                                        conf.get(JobOptions.LEAD_STEPS),
                                        (int) Math.max(1, perDay)));
        PolicyDefaults defaults =
                named(
                        "allocation.pool/allocation.tier",
                        () ->
                                new PolicyDefaults(
                                        conf.get(JobOptions.ALLOCATION_POOL),
                                        conf.get(JobOptions.ALLOCATION_TIER),
                                        policy,
                                        CapacityConfig.tiers(conf)));
        Duration inactivity =
                JobConfig.atLeast(
                        conf,
                        JobOptions.SESSION_INACTIVITY_TIMEOUT,
                        ingest.window(),
                        "one window.size");
        SessionSettings session =
                named(
                        "session.*",
                        () ->
                                new SessionSettings(
                                        inactivity,
                                        conf.getOptional(JobOptions.SESSION_CLASS_PATTERN)
                                                .orElse(null),
                                        conf.get(JobOptions.SESSION_RECLASS_STEPS),
                                        conf.get(JobOptions.SESSION_RECLASS_MIN_PRESSURE)));
        return named(
                "allocation.*/session.*",
                () ->
                        new AllocationSettings(
                                resources(conf),
                                ingest.window(),
                                conf.get(JobOptions.LEASE),
                                defaults,
                                session));
    }

    /** Forecasting over windows of the ingest settings' size, calibrated at the policy's lead. */
    public static ForecastSettings forecastSettings(Configuration conf, IngestSettings ingest) {
        double[] levels = levels(conf.get(JobOptions.FORECAST_QUANTILES));
        JobConfig.atLeast(conf, JobOptions.FORECAST_HORIZONS, 1);
        return named(
                "forecast.*",
                () ->
                        new ForecastSettings(
                                ingest.window(),
                                conf.get(JobOptions.FORECAST_HORIZONS),
                                levels,
                                conf.get(JobOptions.LEAD_STEPS),
                                conf.get(JobOptions.FORECAST_STATISTIC),
                                conf.get(JobOptions.FORECAST_STATE_TTL)));
    }

    /**
     * The quantile levels of {@code forecast.quantiles}.
     *
     * @throws IllegalArgumentException naming the option and the item, when one is not a number
     */
    static double[] levels(String list) {
        String key = JobOptions.FORECAST_QUANTILES.key();
        String[] parts = list.split(",");
        double[] levels = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            Decimals.outOfRange(part)
                    .ifPresent(
                            why -> {
                                throw new IllegalArgumentException(
                                        key + ": '" + part + "' " + why + " (in '" + list + "')");
                            });
            try {
                levels[i] = Decimals.parse(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        key + ": '" + part + "' is not a number (in '" + list + "')");
            }
        }
        return levels;
    }

    /**
     * The resources the job allocates: {@code allocation.resources}, else the one of {@code
     * allocation.resource}.
     *
     * @throws IllegalArgumentException naming the option and the entry, when one is not {@code
     *     resource:metric:unit} or names a resource again
     */
    static List<ResourceSpec> resources(Configuration conf) {
        String mapping = conf.getOptional(JobOptions.ALLOCATION_RESOURCES).orElse(null);
        if (mapping == null || mapping.isBlank()) {
            return List.of(
                    notReclass(
                            JobOptions.RESOURCE.key(),
                            new ResourceSpec(
                                    conf.get(JobOptions.RESOURCE),
                                    conf.get(JobOptions.DEMAND_METRIC),
                                    conf.get(JobOptions.RESOURCE_UNIT))));
        }
        String key = JobOptions.ALLOCATION_RESOURCES.key();
        List<ResourceSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String entry : mapping.split(",", -1)) {
            ResourceSpec spec = notReclass(key, named(key, () -> ResourceSpec.parse(entry)));
            if (!names.add(spec.resource())) {
                throw new IllegalArgumentException(
                        key
                                + " names resource '"
                                + spec.resource()
                                + "' twice, in '"
                                + mapping
                                + "'");
            }
            out.add(spec);
        }
        return out;
    }

    /**
     * {@code spec}, unless its resource is the one RECLASS commands carry: the two shared a ledger
     * line, and a day of the fortieth tester's {@code class} commands was dropped as stale.
     */
    private static ResourceSpec notReclass(String key, ResourceSpec spec) {
        if (spec.resource().equals(Reclassification.RESOURCE)) {
            throw new IllegalArgumentException(
                    key
                            + ": a resource may not be named '"
                            + Reclassification.RESOURCE
                            + "', the resource of the RECLASS commands (an entity's bottleneck"
                            + " moved); name it otherwise");
        }
        return spec;
    }
}
