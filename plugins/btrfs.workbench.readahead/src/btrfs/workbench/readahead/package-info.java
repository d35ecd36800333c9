/**
 * The readahead engine: a user-space port of the kernel's fs/btrfs/reada.c (v4.19) — controls,
 * extents, zones, per-device current zone and read pointer, at most 6 reads in flight per
 * device, peers locked while a mirror is read — plus the naive depth-first baseline. Plain Java,
 * no UI. Entry point: {@link btrfs.workbench.readahead.ReadaheadEngine}; the filesystem is
 * reached through {@link btrfs.workbench.readahead.spi.ReadaheadTarget}.
 */
package btrfs.workbench.readahead;
