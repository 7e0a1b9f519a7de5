package io.prescale.agent;

/**
 * Cumulative byte counters of an entity since its start. A counter the source cannot measure is
 * {@code null} (OSHI has no per-process network counters); it then yields no metric.
 *
 * @param diskReadBytes bytes read from block devices
 * @param diskWriteBytes bytes written to block devices
 * @param netRxBytes bytes received on non-loopback interfaces
 * @param netTxBytes bytes sent on non-loopback interfaces
 */
public record IoCounters(
        Long diskReadBytes, Long diskWriteBytes, Long netRxBytes, Long netTxBytes) {

    /** Disk counters only, for sources that cannot see network traffic. */
    public static IoCounters diskOnly(long readBytes, long writeBytes) {
        return new IoCounters(readBytes, writeBytes, null, null);
    }
}
