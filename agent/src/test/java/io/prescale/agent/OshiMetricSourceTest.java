package io.prescale.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.JsonCodec;
import io.prescale.model.MetricSample;
import io.prescale.model.ParserConfig;
import io.prescale.model.SampleParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads this machine for real: two rounds, a second apart in sample time. */
class OshiMetricSourceTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static List<MetricSample> twoRounds(MetricSource source) throws InterruptedException {
        SampleBuilder b = new SampleBuilder(null);
        b.build(source.read(), T0);
        Thread.sleep(300); // real counters need real time to move; the sample times stay fixed
        return b.build(source.read(), T0.plusSeconds(1));
    }

    @Test
    void hostHasCpuMemoryDiskAndNetwork() throws InterruptedException {
        OshiMetricSource source = new OshiMetricSource(EntityBy.HOST, Pattern.compile(""), null);
        List<MetricSample> samples = twoRounds(source);
        assertThat(samples).hasSize(1);
        MetricSample s = samples.get(0);
        assertThat(s.entity()).isEqualTo(source.name()).isEqualTo(s.labels().get("host"));
        assertThat(s.metrics())
                .containsKeys(
                        MetricNames.CPU_PCT,
                        MetricNames.MEM_USED_BYTES,
                        MetricNames.MEM_USED_PCT,
                        MetricNames.DISK_READ_BPS,
                        MetricNames.NET_RX_BPS);
        assertThat(s.metrics().values()).allMatch(v -> Double.isFinite(v) && v >= 0);
        assertThat(
                        new SampleParser(ParserConfig.defaults())
                                .parse(JsonCodec.encode(s), s.ts())
                                .rejections())
                .isEmpty();
    }

    @Test
    void processesAreEntitiesNamedHostNamePid() throws InterruptedException {
        OshiMetricSource source =
                new OshiMetricSource(EntityBy.PROCESS, Pattern.compile("java"), "web-7");
        long pid = ProcessHandle.current().pid();
        List<MetricSample> samples = twoRounds(source);
        assertThat(samples)
                .anySatisfy(
                        s -> {
                            assertThat(s.entity()).startsWith("web-7/").endsWith("-" + pid);
                            assertThat(s.labels()).containsEntry("pid", Long.toString(pid));
                            assertThat(s.metrics())
                                    .containsKeys(MetricNames.CPU_PCT, MetricNames.MEM_USED_BYTES);
                        });
        assertThat(samples).allMatch(s -> s.metrics().values().stream().allMatch(Double::isFinite));
    }

    /**
     * A program whose name Linux cuts to 15 characters is matched by its command line (the
     * eighty-first tester's "a very long process name_sleeper" was not found by "sleeper"); its
     * entity keeps the name as the kernel gives it.
     */
    @Test
    void aLongProgramNameIsMatchedByItsCommandLine(@TempDir Path dir) throws Exception {
        Path program = dir.resolve("prescale-long-named-sleeper");
        Files.copy(Path.of("/bin/sleep"), program);
        program.toFile().setExecutable(true);
        Process sleeper = new ProcessBuilder(program.toString(), "60").start();
        try {
            OshiMetricSource source =
                    new OshiMetricSource(EntityBy.PROCESS, Pattern.compile("named-sleeper"), "h");
            List<MetricSample> samples = twoRounds(source);
            // not this JVM, whose command line does not hold the pattern: only the sleeper
            assertThat(samples)
                    .extracting(MetricSample::entity)
                    .containsExactly("h/prescale-long-n-" + sleeper.pid());
            OshiMetricSource self =
                    new OshiMetricSource(
                            EntityBy.PROCESS,
                            Pattern.compile(Pattern.quote(ownCommandLineWord())),
                            "h");
            assertThat(twoRounds(self))
                    .extracting(MetricSample::entity)
                    .noneMatch(e -> e.endsWith("-" + ProcessHandle.current().pid()));
        } finally {
            sleeper.destroy();
        }
    }

    /** A word of this JVM's command line that is not its name (the agent's own --match, say). */
    private static String ownCommandLineWord() {
        String[] args = ProcessHandle.current().info().arguments().orElse(new String[0]);
        return args.length == 0 ? "no-such-word" : args[args.length - 1];
    }

    /**
     * Kernel threads (kthreadd, kworker/..., renamed as they take work) map no memory and are not
     * workloads: not read, whatever --match says.
     */
    @Test
    void kernelThreadsAreNotEntities() throws InterruptedException {
        OshiMetricSource source = new OshiMetricSource(EntityBy.PROCESS, Pattern.compile(""), null);
        List<MetricSample> samples = twoRounds(source);
        assertThat(samples).extracting(s -> s.labels().get("process")).contains("java");
        assertThat(samples)
                .extracting(s -> s.labels().get("process"))
                .noneMatch(p -> p.equals("kthreadd") || p.startsWith("kworker/"));
    }
}
