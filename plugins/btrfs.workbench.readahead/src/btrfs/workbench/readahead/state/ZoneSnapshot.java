package btrfs.workbench.readahead.state;

import java.util.List;

/**
 * A reada_zone: one block group on one device, logical {@code [start, end]} (end inclusive).
 *
 * @param elems   extents queued in this zone (kernel count: a DUP block counts once per copy)
 * @param locked  a peer device is reading the mirrored zone right now
 * @param peers   the other devices holding copies of this zone's blocks (kernel devs[] minus
 *                this device), in mirror order
 * @param current this is the device's curr_zone
 */
public record ZoneSnapshot(long start, long end, long elems, boolean locked, List<Long> peers, boolean current) {

    public ZoneSnapshot {
        peers = List.copyOf(peers);
    }
}
