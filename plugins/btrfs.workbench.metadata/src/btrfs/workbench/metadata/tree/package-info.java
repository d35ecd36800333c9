/**
 * Tree blocks: keys and their btrfs-progs names, headers, nodes and leaves, validation of every
 * copy read ({@link btrfs.workbench.metadata.tree.TreeBlockParser}), reading through the mirrors
 * ({@link btrfs.workbench.metadata.tree.BlockReader}) and walking a tree over a key range
 * ({@link btrfs.workbench.metadata.tree.TreeWalker}). Bad data is reported as
 * {@link btrfs.workbench.metadata.tree.BlockProblem} values, never thrown.
 */
package btrfs.workbench.metadata.tree;
