package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapOptionsTest {
    @TempDir Path dir;

    @Test
    void aKeyGivenTwiceInAnOverrideIsNamed() {
        assertThatThrownBy(
                        () ->
                                JobConfig.fromArgs(
                                        "-Dcapacity.limits=default/cpu:100,default/cpu:50"))
                .hasMessage(
                        "option 'capacity.limits' gives the key 'default/cpu' twice (in"
                                + " 'default/cpu:100,default/cpu:50'); give pool/resource:amount"
                                + " pairs, e.g. default/cpu:400,batch/replicas:8, each key once");
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dallocation.tiers=vm-1:0, vm-1:0"))
                .hasMessageStartingWith("option 'allocation.tiers' gives the key 'vm-1' twice");
    }

    @Test
    void aKeyGivenTwiceInAConfigFileIsNamed() throws Exception {
        Path yaml =
                Files.writeString(
                        dir.resolve("job.yaml"),
                        "capacity.quanta: batch/replicas:1,batch/replicas:2\n");
        assertThatThrownBy(() -> JobConfig.fromArgs("--config", yaml.toString()))
                .hasMessageStartingWith(
                        "option 'capacity.quanta' gives the key 'batch/replicas' twice");
    }

    @Test
    void anEntryWithoutAColonIsNamed() {
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dcapacity.limits=default/cpu:4,batch/cpu"))
                .hasMessageStartingWith(
                        "option 'capacity.limits' has an entry that is not key:value,"
                                + " 'batch/cpu'");
    }

    /** A map-valued option added to {@link JobOptions} without its form here would fail vaguely. */
    @Test
    void everyMapValuedOptionHasItsForm() throws Exception {
        List<Object> maps = new ArrayList<>();
        for (Field f : JobOptions.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())
                    && f.getGenericType() instanceof ParameterizedType t
                    && t.getRawType() == ConfigOption.class
                    && t.getActualTypeArguments()[0] instanceof ParameterizedType value
                    && value.getRawType() == Map.class) {
                maps.add(f.get(null));
            }
        }
        assertThat(maps).isNotEmpty();
        assertThat(new ArrayList<Object>(MapOptions.FORMATS.keySet()))
                .containsExactlyInAnyOrderElementsOf(maps);
    }
}
