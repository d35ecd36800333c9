/**
 * Immutable snapshots of the readahead engine's state (devices, zones, queues, controls,
 * counters), cheap enough to take many times a second for a live view.
 */
package btrfs.workbench.readahead.state;
