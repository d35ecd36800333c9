/**
 * The cold-cache benchmark of {@code btrfs-workbench bench}: builds (or reuses) large
 * kernel-written arrays, measures the readahead engine against the devices' sequential limit,
 * the naive walk and btrfs-progs, every run after dropping the page cache, and writes the
 * table as JSON, Markdown and a PNG chart. No UI: the chart is drawn with headless java.awt.
 */
package btrfs.workbench.bench;
