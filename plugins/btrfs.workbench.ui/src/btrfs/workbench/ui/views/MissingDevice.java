package btrfs.workbench.ui.views;

import btrfs.workbench.discovery.BtrfsArray;

/** A row for a devid the array has but no scanned path holds. */
record MissingDevice(BtrfsArray array, long devid) {
}
