package btrfs.workbench.readahead.state;

/**
 * Engine-wide totals.
 *
 * @param extents          extents alive (the global map by logical; naive: queued work items)
 * @param zones            zones alive over all devices
 * @param inFlight         reads in flight over all devices
 * @param reads            reads issued since start
 * @param bytes            bytes of those reads
 * @param seekDistance     summed seek distance of all devices
 * @param errors           failed reads since start
 * @param activeControls   controls not yet finished
 * @param finishedControls controls finished since start
 */
public record Totals(long extents, long zones, long inFlight, long reads, long bytes, long seekDistance,
        long errors, long activeControls, long finishedControls) {
}
