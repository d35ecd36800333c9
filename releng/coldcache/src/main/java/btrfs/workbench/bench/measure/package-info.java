/**
 * The measured ways of reading an array's metadata: the sequential limit, this engine (reada,
 * naive, O_DIRECT) and btrfs-progs. Each {@link btrfs.workbench.bench.measure.Method} gives a
 * {@link btrfs.workbench.bench.measure.Sample}; the caller drops the caches before each.
 */
package btrfs.workbench.bench.measure;
