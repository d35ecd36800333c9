/**
 * The readahead engine: a user-space port of the kernel's fs/btrfs/reada.c (v4.19) — controls,
 * extents, zones, per-device current zone and read pointer, at most 6 reads in flight per device.
 * Plain Java, no UI. Filled in by the readahead-engine issue; empty until then.
 */
package btrfs.workbench.readahead;
