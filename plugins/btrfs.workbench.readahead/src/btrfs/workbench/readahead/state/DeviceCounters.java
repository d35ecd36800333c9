package btrfs.workbench.readahead.state;

/**
 * Per-device totals since the engine started.
 *
 * @param reads        blocks read on the device for the controls: a read submitted each, or a
 *                     block served from the zone stream
 * @param bytes        bytes read (coalesced reads and the zone stream read more than their
 *                     blocks)
 * @param seekDistance sum over consecutive reads of |physical - end of the previous read|:
 *                     0 for perfectly sequential reads
 * @param maxInFlight  the most reads ever in flight on the device at once
 * @param errors       reads that failed
 */
public record DeviceCounters(long reads, long bytes, long seekDistance, int maxInFlight, long errors) {
}
