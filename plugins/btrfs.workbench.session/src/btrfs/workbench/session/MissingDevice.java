package btrfs.workbench.session;

import btrfs.workbench.discovery.BtrfsArray;

/** A device the array's superblocks count but no scanned path holds: a row of its own in the Arrays view. */
public record MissingDevice(BtrfsArray array, long devid) {
}
