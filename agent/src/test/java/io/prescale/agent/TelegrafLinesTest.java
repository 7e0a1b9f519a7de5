package io.prescale.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.MetricSample;
import io.prescale.model.ParseResult;
import io.prescale.model.ParserConfig;
import io.prescale.model.SampleParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Lines exactly as Telegraf 1.x writes them through {@code outputs.kafka} with {@code data_format =
 * "influx"} for the inputs in {@code infra/telegraf/telegraf.conf}, fed to the job's parser as they
 * are.
 */
class TelegrafLinesTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    private static final SampleParser PARSER = new SampleParser(ParserConfig.defaults());

    private static MetricSample one(String line) {
        ParseResult r = PARSER.parse(line.getBytes(StandardCharsets.UTF_8), NOW);
        assertThat(r.rejections()).as(line).isEmpty();
        assertThat(r.samples()).hasSize(1);
        MetricSample s = r.samples().get(0);
        assertThat(s.entity()).isEqualTo("web01");
        assertThat(s.ts()).isEqualTo(NOW);
        return s;
    }

    @Test
    void cpu() {
        MetricSample s =
                one(
                        "cpu,cpu=cpu-total,host=web01 usage_user=1.2,usage_system=0.8,usage_idle=97.5,"
                                + "usage_iowait=0.1,usage_nice=0,usage_irq=0,usage_softirq=0.05,"
                                + "usage_steal=0,usage_guest=0,usage_guest_nice=0 1700000000000000000");
        assertThat(s.metrics())
                .containsEntry("cpu_usage_user", 1.2)
                .containsEntry("cpu_usage_system", 0.8)
                .containsEntry("cpu_usage_idle", 97.5)
                .hasSize(10);
        assertThat(s.labels()).containsEntry("cpu", "cpu-total");
    }

    @Test
    void mem() {
        MetricSample s =
                one(
                        "mem,host=web01 active=3112534016i,available=5896912896i,"
                                + "available_percent=70.53,buffered=239824896i,cached=4066783232i,"
                                + "free=1864708096i,inactive=2549329920i,total=8360501248i,"
                                + "used=2189193216i,used_percent=26.18 1700000000000000000");
        assertThat(s.metrics())
                .containsEntry("mem_used_percent", 26.18)
                .containsEntry("mem_used", 2189193216.0)
                .containsEntry("mem_total", 8360501248.0)
                .containsEntry("mem_available_percent", 70.53);
    }

    @Test
    void disk() {
        MetricSample s =
                one(
                        "disk,device=sda1,fstype=ext4,host=web01,mode=rw,path=/ free=40961118208i,"
                                + "inodes_free=2539018i,inodes_total=3276800i,inodes_used=737782i,"
                                + "total=52710469632i,used=9045041152i,used_percent=18.09 "
                                + "1700000000000000000");
        assertThat(s.metrics())
                .containsEntry("disk_used_percent", 18.09)
                .containsEntry("disk_free", 40961118208.0);
        assertThat(s.labels()).containsEntry("path", "/").containsEntry("device", "sda1");
    }

    @Test
    void diskio() {
        MetricSample s =
                one(
                        "diskio,host=web01,name=sda reads=1234i,writes=567i,read_bytes=12345678i,"
                                + "write_bytes=7654321i,read_time=456i,write_time=789i,io_time=1234i,"
                                + "weighted_io_time=1500i,iops_in_progress=0i,merged_reads=12i,"
                                + "merged_writes=34i 1700000000000000000");
        assertThat(s.metrics())
                .containsEntry("diskio_reads", 1234.0)
                .containsEntry("diskio_read_bytes", 12345678.0)
                .containsEntry("diskio_write_bytes", 7654321.0)
                .containsEntry("diskio_io_time", 1234.0);
        assertThat(s.labels()).containsEntry("name", "sda");
    }

    @Test
    void net() {
        MetricSample s =
                one(
                        "net,host=web01,interface=eth0 bytes_recv=123456789i,bytes_sent=987654i,"
                                + "packets_recv=100000i,packets_sent=8000i,err_in=0i,err_out=0i,"
                                + "drop_in=3i,drop_out=0i 1700000000000000000");
        assertThat(s.metrics())
                .containsEntry("net_bytes_recv", 123456789.0)
                .containsEntry("net_bytes_sent", 987654.0)
                .containsEntry("net_drop_in", 3.0);
        assertThat(s.labels()).containsEntry("interface", "eth0");
    }

    @Test
    void system() {
        MetricSample s =
                one(
                        "system,host=web01 load1=0.42,load5=0.3,load15=0.25,n_cpus=2i,n_users=1i,"
                                + "uptime=123456i 1700000000000000000");
        assertThat(s.metrics())
                .containsEntry("system_load1", 0.42)
                .containsEntry("system_n_cpus", 2.0)
                .containsEntry("system_uptime", 123456.0);
    }

    @Test
    void uptimeFormatLineHoldsOnlyAStringAndIsRejectedHenceFielddrop() {
        ParseResult r =
                PARSER.parse(
                        "system,host=web01 uptime_format=\"1 day,  10:17\" 1700000000000000000"
                                .getBytes(StandardCharsets.UTF_8),
                        NOW);
        assertThat(r.samples()).isEmpty();
        assertThat(r.rejections()).hasSize(1);
    }

    @Test
    void aWholeBatchAsOneKafkaMessage() {
        // outputs.kafka sends a batch of lines per message unless use_batch_format = false
        String batch =
                String.join(
                        "\n",
                        "cpu,cpu=cpu-total,host=web01 usage_user=1.2,usage_idle=97.5 1700000000000000000",
                        "mem,host=web01 used_percent=26.18 1700000000000000000",
                        "net,host=web01,interface=eth0 bytes_recv=123456789i,bytes_sent=987654i"
                                + " 1700000000000000000",
                        "system,host=web01 load1=0.42,load5=0.3,n_cpus=2i,uptime=123456i"
                                + " 1700000000000000000",
                        "");
        ParseResult r = PARSER.parse(batch.getBytes(StandardCharsets.UTF_8), NOW);
        assertThat(r.rejections()).isEmpty();
        assertThat(r.samples()).hasSize(4).allMatch(s -> s.entity().equals("web01"));
    }
}
