package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.operators.capacity.ArbiterSettings;
import io.prescale.operators.capacity.ShadowSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CapacityConfigTest {
    private static final Duration STEP = Duration.ofMinutes(5);

    @Test
    void poolsAreUnlimitedUnlessConfigured() {
        ArbiterSettings s = settings();
        assertThat(s.capacity("default/cpu")).isInfinite();
        assertThat(s.quantum("default/cpu")).isZero();
        assertThat(s.shadow())
                .isEqualTo(
                        new ShadowSettings(
                                0.8,
                                false,
                                Duration.ofMinutes(15),
                                ShadowSettings.DEFAULT_MIN_CHANGE));
    }

    @Test
    void readsCapacitiesAndQuanta() {
        var conf =
                JobConfig.fromArgs(
                        "-Dcapacity.limits=default/cpu:400,batch/replicas:8",
                        "-Dcapacity.quanta=batch/replicas:1",
                        "-Dcapacity.shadow-decay=0.5",
                        "-Dcapacity.shadow-commands=true",
                        "-Dcapacity.shadow-min-change=0.1",
                        "-Dallocation.lease=20 min");
        ArbiterSettings s = CapacityConfig.settings(conf, STEP, Set.of("cpu", "replicas"));
        assertThat(s.capacity("default/cpu")).isEqualTo(400);
        assertThat(s.capacity("batch/replicas")).isEqualTo(8);
        assertThat(s.capacity("batch/cpu")).isInfinite();
        assertThat(s.quantum("batch/replicas")).isEqualTo(1);
        // the shadow is renewed by the rule, and the lease, of its entities' requests
        assertThat(s.shadow())
                .isEqualTo(new ShadowSettings(0.5, true, Duration.ofMinutes(20), 0.1));
        assertThat(CapacityConfig.tiers(JobConfig.fromArgs("-Dallocation.tiers=vm-1:0,vm-2:2")))
                .isEqualTo(Map.of("vm-1", 0, "vm-2", 2));
    }

    @Test
    void badEntriesAreNamed() {
        assertThatThrownBy(() -> settings("-Dcapacity.limits=default/cpu:0x1p8"))
                .hasMessageContaining(
                        "option 'capacity.limits': value of 'default/cpu' is not a number:"
                                + " '0x1p8'");
        assertThatThrownBy(() -> settings("-Dcapacity.limits=default/cpu:lots"))
                .hasMessage(
                        "option 'capacity.limits': value of 'default/cpu' is not a number: 'lots'");
        assertThatThrownBy(
                        () ->
                                CapacityConfig.tiers(
                                        JobConfig.fromArgs("-Dallocation.tiers=vm-1:1.5")))
                .hasMessageContaining(
                        "option 'allocation.tiers': value of 'vm-1' is not a whole number: '1.5'");
        assertThatThrownBy(() -> settings("-Dcapacity.limits=cpu:4"))
                .hasMessage(
                        "option 'capacity.limits': entry 'cpu' must be pool/resource, neither"
                                + " empty, e.g. default/cpu");
        assertThatThrownBy(() -> settings("-Dcapacity.limits=default/cpu:-1"))
                .hasMessage(
                        "option 'capacity.limits': value of 'default/cpu' must be in [0, 1e18],"
                                + " was -1");
        assertThatThrownBy(() -> settings("-Dcapacity.shadow-decay=1"))
                .hasMessage("capacity.shadow-decay must be in [0, 1), was 1");
        assertThatThrownBy(() -> settings("-Dcapacity.shadow-min-change=1.5"))
                .hasMessage("capacity.shadow-min-change must be in [0, 1], was 1.5");
        assertThatThrownBy(
                        () -> CapacityConfig.tiers(JobConfig.fromArgs("-Dallocation.tiers=a:-1")))
                .hasMessage("option 'allocation.tiers': tier of 'a' must be >= 0, was -1");
    }

    @Test
    void anEntryWithAnEmptyPoolOrResourceIsRejected() {
        for (String entry : new String[] {"/cpu:4", "default/:4"}) {
            assertThatThrownBy(() -> settings("-Dcapacity.limits=" + entry))
                    .hasMessageContaining("must be pool/resource, neither empty");
        }
    }

    @Test
    void anEntryForAResourceTheJobDoesNotAllocateIsNamed() {
        assertThatThrownBy(() -> settings("-Dcapacity.limits=default/cpu:4,default/gpu:2"))
                .hasMessage(
                        "option 'capacity.limits': entry 'default/gpu' names resource 'gpu', which"
                                + " the job does not allocate; its resources: [cpu]"
                                + " (allocation.resources, else allocation.resource)");
        assertThatThrownBy(() -> settings("-Dcapacity.quanta=default/memory:1"))
                .hasMessageStartingWith(
                        "option 'capacity.quanta': entry 'default/memory' names resource 'memory'");
        // the job's resources, from allocation.resources, are what the entries are checked against
        assertThat(
                        JobSettings.from(
                                        JobConfig.fromArgs(
                                                "-Dallocation.resources=cpu:cpu_pct:pct,memory:mem_pct:pct",
                                                "-Dcapacity.limits=default/memory:80"))
                                .capacity()
                                .capacity("default/memory"))
                .isEqualTo(80);
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.fromArgs(
                                                "-Dallocation.resources=cpu:cpu_pct:pct,memory:mem_pct:pct",
                                                "-Dcapacity.limits=default/network:80")))
                .hasMessageContaining("its resources: [cpu, memory]");
    }

    @Test
    void aQuantumAboveItsPoolsCapacityIsRejected() {
        assertThatThrownBy(
                        () ->
                                settings(
                                        "-Dcapacity.limits=default/cpu:4",
                                        "-Dcapacity.quanta=default/cpu:5"))
                .hasMessage(
                        "option 'capacity.quanta': quantum of 'default/cpu' is 5, above its"
                                + " capacity 4 (capacity.limits), so every cut grant would round"
                                + " down to 0");
        // one quantum of the whole capacity, a closed pool, and an unlimited one are fine
        assertThat(
                        settings(
                                        "-Dcapacity.limits=default/cpu:4",
                                        "-Dcapacity.quanta=default/cpu:4")
                                .quantum("default/cpu"))
                .isEqualTo(4);
        settings("-Dcapacity.limits=default/cpu:0", "-Dcapacity.quanta=default/cpu:4");
        settings("-Dcapacity.quanta=default/cpu:400");
    }

    /**
     * A tester's capacity 0 and a default pool outside every limit started without a word: the job
     * says both as it starts, and nothing for limits that cover the default pool.
     */
    @Test
    void aZeroCapacityAndAnUnlimitedDefaultPoolAreSaid() {
        assertThat(notes("-Dcapacity.limits=default/cpu:0"))
                .containsExactly(
                        "capacity.limits gives default/cpu 0: every request there is DENIED, and"
                                + " an entity never granted above 0 gets no command (its workload"
                                + " is not told to stop)");
        assertThat(notes("-Dcapacity.limits=default/cpu:100", "-Dallocation.pool=gold"))
                .containsExactly(
                        "allocation.pool 'gold' has no capacity.limits entry for cpu (entries:"
                                + " default/cpu): entities that no override moves to a limited"
                                + " pool are granted what they ask");
        assertThat(notes("-Dcapacity.limits=default/cpu:100,gold/cpu:50")).isEmpty();
        assertThat(notes()).isEmpty();
    }

    @Test
    void aPoolOutsideTheLimitsOfItsResourceIsNamedWhenRequestsComeToIt() {
        ArbiterSettings s = settings("-Dcapacity.limits=default/cpu:100");
        assertThat(s.unlimitedNote("default/cpu")).isNull();
        assertThat(s.unlimitedNote("golld/cpu"))
                .isEqualTo(
                        "pool 'golld' has no capacity.limits entry for cpu (entries for cpu:"
                                + " default/cpu): its entities are granted what they ask, outside"
                                + " every limit; is the pool named in their override or"
                                + " allocation.pool spelt right?");
        assertThat(settings().unlimitedNote("golld/cpu")).as("no limits at all").isNull();
    }

    private static List<String> notes(String... args) {
        var conf = JobConfig.fromArgs(args);
        return CapacityConfig.notes(
                CapacityConfig.settings(conf, STEP, Set.of("cpu")),
                conf.get(JobOptions.ALLOCATION_POOL),
                Set.of("cpu"));
    }

    /** The settings of {@code args} for a job that allocates cpu only (the default). */
    private static ArbiterSettings settings(String... args) {
        return CapacityConfig.settings(JobConfig.fromArgs(args), STEP, Set.of("cpu"));
    }
}
