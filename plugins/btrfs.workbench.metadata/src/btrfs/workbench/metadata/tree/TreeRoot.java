package btrfs.workbench.metadata.tree;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.ObjectIds;

/**
 * Where a tree starts: its root block with the level and generation the
 * referrer (the superblock or a ROOT_ITEM) promises.
 *
 * @param id          tree id (objectid of the ROOT_ITEM; ROOT_TREE and CHUNK_TREE for the superblock's)
 * @param rootItemKey key of the ROOT_ITEM it came from, null for roots recorded in the superblock
 * @param bytenr      logical address of the root block
 * @param level       level of the root block
 * @param generation  generation of the root block
 */
public record TreeRoot(long id, Key rootItemKey, long bytenr, int level, long generation) {

    /** As btrfs-progs names the tree in block headers: ROOT_TREE, FS_TREE, 256, DATA_RELOC_TREE. */
    public String name() {
        return ObjectIds.treeName(id);
    }

    public BlockExpectation expectation() {
        return BlockExpectation.of(level, generation);
    }

    @Override
    public String toString() {
        return name() + " root " + Long.toUnsignedString(bytenr) + " level " + level + " generation "
                + Long.toUnsignedString(generation);
    }
}
