/**
 * Diagnostic snapshots: the engine's state saved as versioned JSON with Jackson and opened offline.
 * Plain Java, no UI. Filled in by the snapshot issue; empty until then.
 */
package btrfs.workbench.snapshot;
