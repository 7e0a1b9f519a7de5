package io.prescale.ml.overrides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.ml.policy.PrescaleConfig;
import io.prescale.model.PolicyOverride;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverrideResolverTest {
    private static final long STEP = Duration.ofMinutes(5).toMillis();
    private static final PolicyDefaults DEFAULTS =
            new PolicyDefaults("default", 0, PrescaleConfig.defaults(0.01, 2, 288));

    private static ScopeOverride o(PolicyOverride p) {
        return ScopeOverride.of(p);
    }

    @Test
    void withoutOverridesTheDefaultsApply() {
        assertThat(OverrideResolver.resolve(DEFAULTS, null, null, STEP))
                .isEqualTo(new EffectivePolicy("default", 0, true, DEFAULTS.config()));
    }

    @Test
    void entityWinsOverTenantWinsOverDefaultsFieldByField() {
        ScopeOverride tenant =
                o(
                        new PolicyOverride(
                                "tenant:acme",
                                2,
                                1.0,
                                8.0,
                                null,
                                0.05,
                                null,
                                Duration.ofMinutes(12),
                                null,
                                "batch"));
        ScopeOverride entity =
                o(new PolicyOverride("vm-1", null, 2.0, null, 0.5, null, 9.0, null, false));
        EffectivePolicy e = OverrideResolver.resolve(DEFAULTS, tenant, entity, STEP);
        assertThat(e.pool()).isEqualTo("batch");
        assertThat(e.tier()).isEqualTo(2);
        assertThat(e.enabled()).isFalse();
        assertThat(e.config().leadSteps()).as("ceil(12 min / 5 min)").isEqualTo(3);
        assertThat(e.config().targetViolation()).as("1 / (9 + 1)").isEqualTo(0.1);
        assertThat(e.config().limits().min()).isEqualTo(2.0);
        assertThat(e.config().limits().max()).isEqualTo(8.0);
        assertThat(e.config().limits().quantum()).isEqualTo(0.5);
        assertThat(e.config().halfLifeSteps()).isEqualTo(DEFAULTS.config().halfLifeSteps());
    }

    /**
     * An entity's own override that names no tier keeps the entity's {@code allocation.tiers} entry
     * (it used to put the entity in tier 0, the eighth tester's finding); one that names a tier
     * replaces it.
     */
    @Test
    void anOverrideWithoutATierKeepsTheEntitysListedTier() {
        PolicyDefaults listed =
                new PolicyDefaults(
                        "default", 0, PrescaleConfig.defaults(0.01, 2, 288), Map.of("vm-1", 2));
        ScopeOverride poolOnly =
                o(
                        new PolicyOverride(
                                "vm-1", null, null, null, null, null, null, null, null, "batch"));
        EffectivePolicy e =
                OverrideResolver.resolve(
                        listed, null, listed.entityOverride(poolOnly, "vm-1"), STEP);
        assertThat(e.tier()).isEqualTo(2);
        assertThat(e.pool()).isEqualTo("batch");
        ScopeOverride tier1 =
                o(new PolicyOverride("vm-1", 1, null, null, null, null, null, null, null));
        assertThat(listed.entityOverride(tier1, "vm-1")).isSameAs(tier1);
        assertThat(listed.entityOverride(null, "vm-1").tier()).isEqualTo(2);
        assertThat(listed.entityOverride(null, "vm-2")).isNull();
        assertThat(listed.entityOverride(poolOnly, "vm-2")).isSameAs(poolOnly);
    }

    @Test
    void whatThePolicyCannotTakeIsRejectedWithItsReason() {
        assertThatThrownBy(
                        () ->
                                new PolicyOverride(
                                        "vm-1", null, null, null, null, null, 0.5, null, null))
                .hasMessageContaining("costRatio must be in [1, 9999], was 0.5");
        ScopeOverride noLead =
                o(
                        new PolicyOverride(
                                "vm-1", null, null, null, null, null, null, Duration.ZERO, null));
        assertThatThrownBy(() -> OverrideResolver.resolve(DEFAULTS, null, noLead, STEP))
                .hasMessageContaining("leadTime must be positive");
        ScopeOverride min =
                o(new PolicyOverride("vm-1", null, 9.0, null, null, null, null, null, null));
        ScopeOverride max =
                o(new PolicyOverride("tenant:t", null, null, 4.0, null, null, null, null, null));
        assertThatThrownBy(() -> OverrideResolver.resolve(DEFAULTS, max, min, STEP))
                .hasMessageContaining("max must be >= min (9), was 4");
    }
}
