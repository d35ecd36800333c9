/**
 * An opened filesystem: {@link btrfs.workbench.metadata.fs.BtrfsFilesystem#open} assembles the
 * devices by devid, takes the newest superblock, builds the chunk map from the sys_chunk_array
 * and the chunk tree, and reads the root tree, block groups and device extents; everything that
 * goes wrong is a {@link btrfs.workbench.metadata.MetadataProblem} in the result.
 * {@link btrfs.workbench.metadata.fs.BtrfsFilesystem#subvolumes()} names the subvolumes and snapshots
 * by their paths, as {@code btrfs subvolume list} does.
 */
package btrfs.workbench.metadata.fs;
