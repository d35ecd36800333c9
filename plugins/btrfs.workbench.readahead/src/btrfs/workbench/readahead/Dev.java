package btrfs.workbench.readahead;

import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.TreeMap;

import btrfs.workbench.readahead.spi.Device;
import btrfs.workbench.readahead.state.DeviceCounters;
import btrfs.workbench.readahead.state.ExtentSnapshot;

/**
 * The readahead part of struct btrfs_device. Guarded by the engine lock. Maps are keyed by
 * logical address, compared unsigned (u64).
 */
final class Dev {

    final Device device;
    final long devid;

    /** dev->reada_extents: the extents queued on this device, by logical. */
    final TreeMap<Long, Extent> extents = new TreeMap<>(Long::compareUnsigned);
    /** dev->reada_zones: this device's zones, keyed by their (inclusive) end, as the kernel. */
    final TreeMap<Long, Zone> zones = new TreeMap<>(Long::compareUnsigned);
    /** dev->reada_curr_zone. */
    Zone currZone;
    /** dev->reada_next: the read pointer inside curr_zone. */
    long readaNext;
    /** dev->reada_in_flight. */
    int inFlight;
    /** The extents in flight on this device (for snapshots; at most maxInFlight). */
    final LinkedHashSet<Extent> reading = new LinkedHashSet<>();

    long reads;
    long bytes;
    long seekDistance;
    long errors;
    int maxInFlight;
    private long lastEnd = -1;
    final ArrayDeque<ExtentSnapshot> recent = new ArrayDeque<>();

    Dev(Device device) {
        this.device = device;
        this.devid = device.devid();
    }

    /** Counts a read just issued at {@code physical} (in_flight already incremented). */
    void countSubmit(long physical, int size) {
        countRead(physical, size, 1);
        maxInFlight = Math.max(maxInFlight, inFlight);
    }

    /**
     * Counts a read of the zone stream, {@code size} bytes from {@code physical}: its bytes and
     * seek, not in flight (the stream has its own). Its blocks count as reads when they serve the
     * walk ({@link #countServed}): the device's reads are the blocks it read for the controls, a
     * submit each or a block served from the stream, as the trace shows them.
     */
    void countStream(long physical, long size) {
        countRead(physical, size, 0);
    }

    /** A block of this device's stream served the walk: one block read. */
    void countServed() {
        reads++;
    }

    /** A read of {@code size} bytes from {@code physical} carrying {@code blocks} blocks: seek, reads, bytes. */
    private void countRead(long physical, long size, int blocks) {
        if (lastEnd != -1) {
            seekDistance += Math.abs(physical - lastEnd);
        }
        lastEnd = physical + size;
        reads += blocks;
        bytes += size;
    }

    /** After an engine abort: nothing queued, no zone, nothing in flight (counters stay). */
    void dropAll() {
        extents.clear();
        zones.clear();
        currZone = null;
        readaNext = 0;
        inFlight = 0;
        reading.clear();
    }

    void remember(ExtentSnapshot done, int cap) {
        if (cap == 0) {
            return;
        }
        while (recent.size() >= cap) {
            recent.removeFirst();
        }
        recent.addLast(done);
    }

    DeviceCounters counters() {
        return new DeviceCounters(reads, bytes, seekDistance, maxInFlight, errors);
    }
}
