package btrfs.workbench.metadata.tree;

import btrfs.workbench.metadata.item.RootItem;
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
 * @param bytesUsed   bytes of tree blocks the ROOT_ITEM counts for the tree (a snapshot's shared
 *                    blocks in each tree that shares them); 0 for the roots the superblock records,
 *                    whose size nothing records
 */
public record TreeRoot(long id, Key rootItemKey, long bytenr, int level, long generation, long bytesUsed) {

    /** A root the superblock records (root, chunk and log tree): no ROOT_ITEM counts its bytes. */
    public TreeRoot(long id, Key rootItemKey, long bytenr, int level, long generation) {
        this(id, rootItemKey, bytenr, level, generation, 0);
    }

    /** The tree a ROOT_ITEM at {@code key} points to. */
    public static TreeRoot of(Key key, RootItem item) {
        return new TreeRoot(key.objectid(), key, item.bytenr(), item.level(), item.generation(), item.bytesUsed());
    }

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
