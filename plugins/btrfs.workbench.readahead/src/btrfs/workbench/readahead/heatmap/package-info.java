/**
 * The model behind a per-device heatmap of a readahead (in the manner of btrfs-heatmap): each
 * device's physical space cut into cells of whole tree blocks, each cell showing the most urgent
 * {@link btrfs.workbench.readahead.heatmap.CellState state} of the block copies in it. A
 * {@link btrfs.workbench.readahead.heatmap.HeatmapRecorder} listens to the engine's events and
 * hands out immutable {@link btrfs.workbench.readahead.heatmap.HeatmapSnapshot snapshots};
 * {@link btrfs.workbench.readahead.heatmap.DeviceLayouts} says where metadata lies on each
 * device; {@link btrfs.workbench.readahead.heatmap.Hilbert} places cells in a square so that
 * neighbouring bytes stay neighbouring pixels. No UI code.
 */
package btrfs.workbench.readahead.heatmap;
