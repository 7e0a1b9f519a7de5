package io.prescale.agent;

/** The metric names the agent publishes, with their units. */
public final class MetricNames {
    /** Busy CPU in percent of the whole machine (all logical CPUs), 0–100. */
    public static final String CPU_PCT = "cpu_pct";

    /** Memory in use in bytes (host: total minus available; process: resident set size). */
    public static final String MEM_USED_BYTES = "mem_used_bytes";

    /** Memory in use in percent of the host's physical memory, 0–100. */
    public static final String MEM_USED_PCT = "mem_used_pct";

    /** Bytes read from block devices per second. */
    public static final String DISK_READ_BPS = "disk_read_bps";

    /** Bytes written to block devices per second. */
    public static final String DISK_WRITE_BPS = "disk_write_bps";

    /** Bytes received per second on non-loopback interfaces (host entities only). */
    public static final String NET_RX_BPS = "net_rx_bps";

    /** Bytes sent per second on non-loopback interfaces (host entities only). */
    public static final String NET_TX_BPS = "net_tx_bps";

    private MetricNames() {}
}
