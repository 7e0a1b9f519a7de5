package io.prescale.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.jobs.JobConfig;
import io.prescale.jobs.JobOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class DemoInfluxTest {
    @Test
    void theJobsWriteToTheDatabaseGiven() {
        DemoInflux influx =
                new DemoInflux(
                        "http://127.0.0.1:8086", DemoInflux.requireDatabaseName("demo_2024"));

        Configuration conf = JobConfig.fromArgs(influx.jobArgs().toArray(String[]::new));

        assertThat(conf.get(JobOptions.INFLUX_URL)).isEqualTo("http://127.0.0.1:8086");
        assertThat(conf.get(JobOptions.INFLUX_DATABASE)).isEqualTo("demo_2024");
        assertThat(influx).hasToString("http://127.0.0.1:8086 (database demo_2024)");
    }

    @Test
    void theDefaultIsTheJobsDefault() {
        assertThat(DemoInflux.DEFAULT_DATABASE)
                .isEqualTo(JobOptions.INFLUX_DATABASE.defaultValue());
    }
}
