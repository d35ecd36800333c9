package btrfs.workbench.readahead;

import java.util.ArrayList;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.readahead.spi.StripeCopy;

/** struct reada_extent: one tree block to read. */
final class Extent {
    final long logical;
    /**
     * Not in v4.19: the key bounding this block's span from below (its key in the parent),
     * kept only for controls that restart on generation changes (else null: the field fits
     * the object's padding, the key is not kept alive).
     */
    final Key from;
    /** The key bounding this block's span from above (next key in the parent, or max). */
    final Key top;
    /** The controls waiting for this block. */
    ArrayList<ExtCtl> extctl = new ArrayList<>(1);
    /** One per extctl record, plus transient holds. Freed at 0. */
    int refcnt;
    /**
     * The logical address boxed once, as the key of the readahead tree and of every device's
     * map: a million queued extents would otherwise carry three Longs each.
     */
    final Long key;
    /**
     * zones[i] is the zone of the device holding copy i, physicals[i] that copy's offset on
     * it; missing devices have no entry. Offsets rather than StripeCopy objects: this is the
     * memory of every queued extent. Failover drops a bad copy from both (see dropCopyLocked).
     */
    Zone[] zones;
    long[] physicals;
    /** A read is in flight (kernel: re->scheduled); in scrub mode: a read of any copy. */
    boolean scheduled;
    /** The device it is in flight on, for snapshots (in scrub mode one of them). */
    Dev scheduledFor;
    /** Bad copies, and every copy's state in scrub mode; null while there is nothing to say. */
    CopyChecks checks;
    /**
     * v4.19 mode only (else null): every stripe of the block in btrfs_map_block's order, missing
     * devices included — what a mirror_num counts (see {@link EngineMode#readsOwnCopy()}).
     */
    StripeCopy[] stripes;

    Extent(long logical, Key from, Key top, Zone[] zones, long[] physicals) {
        this.logical = logical;
        this.from = from;
        this.top = top;
        this.zones = zones;
        this.key = logical;
        this.physicals = physicals;
    }

    /**
     * This device's copy: the first one on it (kernel: the first mirror_num on the device); in
     * scrub mode the first one on it that is still to be read (or being read).
     */
    StripeCopy copyOn(Dev dev) {
        int i = copyIndexOn(dev);
        if (i < 0) {
            throw new IllegalStateException("extent " + logical + " has no copy on devid " + dev.devid);
        }
        return new StripeCopy(dev.devid, physicals[i]);
    }

    /**
     * The copy v4.19 reads when {@code dev} schedules the extent: mirror_num = i + 1, i the
     * device's index in the compacted zone array, counted by btrfs_map_block over every stripe.
     */
    StripeCopy mirrorNumCopy(Dev dev) {
        for (int i = 0; i < zones.length; i++) {
            if (zones[i].device == dev) {
                return stripes[i];
            }
        }
        throw new IllegalStateException("extent " + logical + " has no copy on devid " + dev.devid);
    }

    /** The index of {@link #copyOn}, or -1. */
    int copyIndexOn(Dev dev) {
        for (int i = 0; i < zones.length; i++) {
            if (zones[i].device == dev && (checks == null || checks.live(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Scrub: the index of this device's first copy still to be read, or -1. */
    int pendingOn(Dev dev) {
        return copyIn(dev, CopyChecks.PENDING);
    }

    /**
     * How many reads of this extent are in flight on {@code dev}: 0 or 1 (in scrub mode a
     * device never reads two copies of one extent at once, see needsRead).
     */
    int readsOn(Dev dev) {
        if (checks == null || !checks.scrubbing()) {
            return scheduledFor == dev ? 1 : 0;
        }
        return copyIn(dev, CopyChecks.READING) >= 0 ? 1 : 0;
    }

    /** Scrub: the index of the first copy on {@code dev} in {@code state}, or -1. */
    private int copyIn(Dev dev, byte state) {
        for (int i = 0; i < zones.length; i++) {
            if (zones[i].device == dev && checks.state[i] == state) {
                return i;
            }
        }
        return -1;
    }

    /** Whether a copy on {@code dev} still holds its place in the device's map. */
    boolean liveOn(Dev dev) {
        return copyIndexOn(dev) >= 0;
    }

    /** The index of {@code copy} among this extent's copies, or -1. */
    int indexOf(StripeCopy copy) {
        for (int i = 0; i < zones.length; i++) {
            if (zones[i].device.devid == copy.devid() && physicals[i] == copy.physical()) {
                return i;
            }
        }
        return -1;
    }

    CopyChecks checks() {
        if (checks == null) {
            checks = CopyChecks.failures();
        }
        return checks;
    }
}
