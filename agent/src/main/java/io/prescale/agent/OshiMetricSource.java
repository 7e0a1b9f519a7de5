package io.prescale.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Reads this machine with OSHI: either one host entity, or one entity per process whose name
 * matches a pattern.
 *
 * <p>Host: CPU busy = all ticks − idle − iowait over all ticks; memory used = total − available;
 * disk bytes summed over physical disks; network bytes summed over non-loopback interfaces.
 * Process: CPU busy = kernel + user milliseconds over up-time × logical CPUs (so 100 % is the whole
 * machine, as for the host); memory = resident set; disk bytes from the process's I/O accounting
 * (zero where the OS does not expose it to this user); no network, which OSHI cannot attribute to a
 * process. Processes that map no memory at all (Linux kernel threads such as {@code kworker/...},
 * which rename themselves as they take work, and zombies) are not workloads and are not read.
 */
public final class OshiMetricSource implements MetricSource {
    private final HardwareAbstractionLayer hardware;
    private final OperatingSystem os;
    private final String hostname;
    private final String name;
    private final EntityBy entityBy;
    private final Pattern match;

    /**
     * @param entityBy whether to read the host or its processes
     * @param match process names to read ({@code find} semantics); ignored for hosts
     * @param entity the name entities are named after, null for the host name
     */
    public OshiMetricSource(EntityBy entityBy, Pattern match, String entity) {
        SystemInfo si = new SystemInfo();
        this.hardware = si.getHardware();
        this.os = si.getOperatingSystem();
        this.hostname = hostname(os);
        this.name = entity != null ? entity : hostname;
        this.entityBy = entityBy;
        this.match = match;
    }

    /** The name entities are named after: the host name unless the agent was given one. */
    public String name() {
        return name;
    }

    @Override
    public List<Reading> read() {
        return entityBy == EntityBy.HOST ? List.of(host()) : processes();
    }

    private Reading host() {
        CentralProcessor cpu = hardware.getProcessor();
        long[] ticks = cpu.getSystemCpuLoadTicks();
        long total = 0;
        for (long t : ticks) {
            total += t;
        }
        long busy = total - ticks[TickType.IDLE.getIndex()] - ticks[TickType.IOWAIT.getIndex()];
        GlobalMemory mem = hardware.getMemory();
        long read = 0;
        long written = 0;
        for (HWDiskStore d : hardware.getDiskStores()) {
            read += d.getReadBytes();
            written += d.getWriteBytes();
        }
        long rx = 0;
        long tx = 0;
        for (NetworkIF n : hardware.getNetworkIFs(false)) {
            rx += n.getBytesRecv();
            tx += n.getBytesSent();
        }
        return new Reading(
                name,
                Map.of("host", hostname, "source", "prescale-agent"),
                busy,
                total,
                mem.getTotal() - mem.getAvailable(),
                mem.getTotal(),
                new IoCounters(read, written, rx, tx));
    }

    private List<Reading> processes() {
        int cpus = Math.max(1, hardware.getProcessor().getLogicalProcessorCount());
        long memTotal = hardware.getMemory().getTotal();
        List<Reading> out = new ArrayList<>();
        for (OSProcess p : os.getProcesses(this::isRead, null, 0)) {
            // a process may name itself with any byte; the job refuses control characters
            String process = p.getName().replaceAll("\\p{Cntrl}", "?");
            out.add(
                    new Reading(
                            name + "/" + process + "-" + p.getProcessID(),
                            Map.of(
                                    "host",
                                    hostname,
                                    "process",
                                    process,
                                    "pid",
                                    Integer.toString(p.getProcessID()),
                                    "source",
                                    "prescale-agent"),
                            p.getKernelTime() + p.getUserTime(),
                            p.getUpTime() * cpus,
                            p.getResidentSetSize(),
                            memTotal,
                            IoCounters.diskOnly(p.getBytesRead(), p.getBytesWritten())));
        }
        return out;
    }

    /**
     * Whether {@code p} is a workload {@code --match} selects: its name or, failing that, its
     * executable's path or its command line (not this agent's own, which holds the pattern itself).
     * Linux cuts a process's name to 15 characters (a program named "a very long process
     * name_sleeper" is "a very long pro") and names every JVM {@code java}; the path has the
     * program's whole name and the command line its arguments (a JVM's main class or jar).
     */
    private boolean isRead(OSProcess p) {
        if (p.getVirtualSize() <= 0) {
            return false;
        }
        if (match.matcher(p.getName()).find()) {
            return true;
        }
        return p.getProcessID() != SELF
                && (match.matcher(p.getPath()).find() || match.matcher(p.getCommandLine()).find());
    }

    /** This agent's process id. */
    private static final long SELF = ProcessHandle.current().pid();

    private static String hostname(OperatingSystem os) {
        String name = os.getNetworkParams().getHostName();
        return name == null || name.isBlank() ? "localhost" : name;
    }
}
