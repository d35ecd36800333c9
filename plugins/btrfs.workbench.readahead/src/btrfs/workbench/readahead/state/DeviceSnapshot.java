package btrfs.workbench.readahead.state;

import java.util.List;

/**
 * One device's readahead state.
 *
 * @param zones     all zones of the device in logical order
 * @param currZone  the device's curr_zone (also in {@code zones}), or null
 * @param readaNext the device's read pointer (logical), meaningful with a curr_zone
 * @param inFlight  reads in flight on the device
 * @param queued    extents in the device's queue (all of them, including scheduled ones)
 * @param extents   a bounded window: the scheduled extents, the queued ones from readaNext on
 *                  (wrapping around), then recently completed ones
 * @param counters  totals
 */
public record DeviceSnapshot(long devid, boolean present, boolean replaceTarget, List<ZoneSnapshot> zones,
        ZoneSnapshot currZone, long readaNext, int inFlight, int queued, List<ExtentSnapshot> extents,
        DeviceCounters counters) {

    public DeviceSnapshot {
        zones = List.copyOf(zones);
        extents = List.copyOf(extents);
    }
}
